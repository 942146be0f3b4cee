package chat

import (
	"encoding/binary"
	"io"
)

// Incognito profiles get a random two-word name, as SimpleX shows them
// (an adjective and a noun); nothing else of ours is sent.
var (
	adjectives = []string{"Agile", "Bold", "Brave", "Bright", "Calm", "Clever", "Cosmic", "Daring", "Eager", "Fancy",
		"Gentle", "Golden", "Happy", "Honest", "Jolly", "Keen", "Lively", "Lucky", "Mellow", "Merry", "Nimble", "Noble",
		"Quiet", "Rapid", "Silent", "Sunny", "Swift", "Tidy", "Vivid", "Witty", "Young", "Zesty"}
	nouns = []string{"Badger", "Bear", "Beaver", "Crane", "Deer", "Dolphin", "Eagle", "Falcon", "Fox", "Gecko", "Hare",
		"Heron", "Ibis", "Koala", "Lark", "Lynx", "Marten", "Moose", "Otter", "Owl", "Panda", "Puffin", "Raven", "Robin",
		"Seal", "Sparrow", "Swan", "Tiger", "Turtle", "Walrus", "Wolf", "Wren"}
)

func (s *Service) incognitoName() string {
	var b [4]byte
	io.ReadFull(s.cfg.Rand, b[:])
	n := binary.BigEndian.Uint32(b[:])
	return adjectives[n%uint32(len(adjectives))] + nouns[(n/uint32(len(adjectives)))%uint32(len(nouns))]
}
