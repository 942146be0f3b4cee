package servers

import (
	"encoding/binary"
	"fmt"
	"io"
)

// randIndex returns a uniform integer in [0, n) read from r. It rejects the
// top partial range of a uint64 so no index is favoured (modulo bias).
func randIndex(r io.Reader, n int) (int, error) {
	if n <= 0 {
		return 0, fmt.Errorf("servers: random index of empty range")
	}
	if n == 1 {
		return 0, nil
	}
	limit := ^uint64(0) - ^uint64(0)%uint64(n)
	var b [8]byte
	for {
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return 0, fmt.Errorf("servers: randomness: %w", err)
		}
		v := binary.BigEndian.Uint64(b[:])
		if v < limit {
			return int(v % uint64(n)), nil
		}
	}
}

// shuffle permutes xs in place (Fisher–Yates) with randomness from r.
func shuffle[T any](r io.Reader, xs []T) error {
	for i := len(xs) - 1; i > 0; i-- {
		j, err := randIndex(r, i+1)
		if err != nil {
			return err
		}
		xs[i], xs[j] = xs[j], xs[i]
	}
	return nil
}
