package sntrup761_test

import (
	"crypto/rand"
	"fmt"

	"duplex/crypto/sntrup761"
)

func Example() {
	// The receiver publishes pk; the sender encapsulates to it.
	pk, sk, err := sntrup761.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	ct, senderKey, err := sntrup761.Encapsulate(rand.Reader, pk)
	if err != nil {
		panic(err)
	}
	receiverKey := sntrup761.Decapsulate(sk, ct)
	fmt.Println(*receiverKey == *senderKey, len(ct))
	fmt.Println(sk)
	// Output:
	// true 1039
	// sntrup761.PrivateKey(redacted)
}
