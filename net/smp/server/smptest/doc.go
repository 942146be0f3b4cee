// Package smptest runs an in-process SMP relay (net/smp/server) for tests:
// StartRelay listens on 127.0.0.1:0 with a generated certificate chain, a
// discarded log and no stats line, and stops the relay when the test ends.
//
// Why a package: the client tests in net/smp (and the agent's) each grew
// the same "new server, listen on loopback, serve, close on cleanup, maybe
// restart on the same port with the same store" helper. Options are edits
// of server.Config, so a test still says exactly which relay it runs.
//
// It imports testing and is for tests only; deps_test.go at the module
// root fails if any non-test package links it. The server package's own
// tests cannot use it (package server's internal tests importing a package
// that imports server is an import cycle), so they keep startServer.
package smptest
