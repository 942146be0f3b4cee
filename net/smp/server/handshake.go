package server

import (
	"errors"

	"duplex/net/tls13"
)

// newClient runs the SMP handshake on an established TLS connection.
func (s *Server) newClient(tc *tls13.Conn) (*client, error) {
	return nil, errors.New("server: SMP transport not available yet")
}
