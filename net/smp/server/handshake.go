package server

import (
	"duplex/net/smp"
	"duplex/net/tls13"
)

// newClient runs the SMP handshake (server hello with the signed session
// key, client hello, block encryption from v11) on a TLS connection.
func (s *Server) newClient(tc *tls13.Conn) (*client, error) {
	tr, err := smp.ServerHandshake(tc, smp.ServerHandshakeConfig{
		Chain:   s.cfg.Chain,
		Rand:    s.cfg.Rand,
		Timeout: s.cfg.HandshakeTimeout,
	})
	if err != nil {
		return nil, err
	}
	c := s.attach(tr, tr, tr.Version(), tr.SessionID(), tr.ServerPrivateKey())
	c.remote = tc.RemoteAddr().String()
	if secret, ok := tr.SessionSecret(); ok {
		c.fwdSecret = &secret
	}
	return c, nil
}
