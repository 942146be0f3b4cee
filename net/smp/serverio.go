package smp

import (
	"errors"
	"fmt"
	"strings"

	"duplex/crypto/enc"
)

// Servers travel embedded in larger structures: PRXY here, queue URIs and
// short links in net/links, queue addresses in agent messages. The
// reader/writer forms below let those packages read a server from the
// middle of a buffer with this package's grammar instead of measuring the
// field by hand and calling the whole-buffer ParseServer.
//
// Binary forms:
//
//	full (v2+): nonempty(sb host) ‖ sb(port) ‖ sb(keyHash)
//	v1:         sb(host) ‖ sb(port) ‖ sb(keyHash)   (one host, no count byte)

// AppendServer writes the full binary form of s to w.
func AppendServer(w *enc.Writer, s Server) { s.encodeBinary(w) }

// ReadServer reads the full binary form; errors go to r.
func ReadServer(r *enc.Reader) Server { return readServerBinary(r) }

// AppendServerV1 writes the SMP-client-v1 form: the first host only, with
// no count byte. A server without hosts fails w.
func AppendServerV1(w *enc.Writer, s Server) {
	if len(s.Hosts) == 0 {
		w.Fail(errors.New("server: no hosts"))
		return
	}
	w.ShortBytes([]byte(s.Hosts[0]))
	w.ShortBytes([]byte(s.Port))
	w.ShortBytes(s.KeyHash)
}

// ReadServerV1 reads the SMP-client-v1 form (a one-host server).
func ReadServerV1(r *enc.Reader) Server {
	var s Server
	s.Hosts = []string{readHost(r)}
	s.Port = string(r.ShortBytes())
	s.KeyHash = clone(r.ShortBytes())
	if r.Err() != nil {
		return Server{}
	}
	return s
}

// encodeBinary writes nonempty(sb host) ‖ sb(port) ‖ sb(keyHash).
func (s Server) encodeBinary(w *enc.Writer) {
	w.NonEmptyCount(len(s.Hosts))
	for _, h := range s.Hosts {
		w.ShortBytes([]byte(h))
	}
	w.ShortBytes([]byte(s.Port))
	w.ShortBytes(s.KeyHash)
}

func readServerBinary(r *enc.Reader) Server {
	n := r.NonEmptyCount()
	var s Server
	for i := 0; i < n && r.Err() == nil; i++ {
		s.Hosts = append(s.Hosts, readHost(r))
	}
	s.Port = string(r.ShortBytes())
	s.KeyHash = clone(r.ShortBytes())
	return s
}

// readHost reads sb(host) and checks it is exactly one valid host.
func readHost(r *enc.Reader) string {
	h := string(r.ShortBytes())
	host, rest, err := parseHost(h)
	if r.Err() == nil && (err != nil || rest != "") {
		r.Failf("bad host")
	}
	return host
}

// EncodeServer returns the binary form of a server (used in PRXY and by the
// agent's queue addresses).
func EncodeServer(s Server) ([]byte, error) {
	w := enc.NewWriter(nil)
	s.encodeBinary(w)
	return w.Bytes()
}

// ParseServer parses the binary form, consuming b exactly.
func ParseServer(b []byte) (Server, error) {
	r := enc.NewReader(b)
	s := readServerBinary(r)
	return s, r.Done()
}

// AuthorityError says what is wrong with a server authority string.
type AuthorityError struct{ Reason string }

func (e *AuthorityError) Error() string { return "smp: server authority: " + e.Reason }

// ErrAuthorityBasicAuth: the key hash part carries ":<basicAuth>", which a
// bare server (as opposed to a configured ServerAddress) never has.
var ErrAuthorityBasicAuth = &AuthorityError{"basic auth is not allowed"}

// ParseServerAuthority parses "<keyHash>@<host>[,<host>…][:<port>]" — the
// part of a link after "smp://" (or "https://") — consuming s exactly.
// Unlike ParseServerAddress the key hash may have any non-empty length:
// links carry whatever hash their creator wrote (the reference's test links
// use 4 bytes), and checking it against a certificate is the dialer's job.
// Errors are *AuthorityError; basic auth is ErrAuthorityBasicAuth.
func ParseServerAuthority(s string) (Server, error) {
	fp, hosts, ok := strings.Cut(s, "@")
	if !ok {
		return Server{}, &AuthorityError{"missing '@' after the key hash"}
	}
	if strings.Contains(fp, ":") {
		return Server{}, ErrAuthorityBasicAuth
	}
	if fp == "" {
		return Server{}, &AuthorityError{"key hash: empty base64url"}
	}
	kh, err := enc.ParseB64Lenient(fp)
	if err != nil {
		return Server{}, &AuthorityError{fmt.Sprintf("key hash: bad base64url %q", fp)}
	}
	hs, port, err := parseHostsPort(hosts)
	if err != nil {
		return Server{}, &AuthorityError{fmt.Sprintf("bad hosts or port %q", hosts)}
	}
	return Server{Hosts: hs, Port: port, KeyHash: kh}, nil
}
