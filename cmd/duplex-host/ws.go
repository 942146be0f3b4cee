package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"

	"duplex/core/api"
	"duplex/core/chatapi"
)

// wsServer serves the chat API to any number of WebSocket clients.
type wsServer struct {
	client api.Client
	log    io.Writer
	ln     net.Listener
	srv    *http.Server

	ctx    context.Context // ends when the server stops: every connection goes
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// listenWS binds 127.0.0.1:port only: the API has no authentication, so
// it must never be reachable from another machine.
func listenWS(client api.Client, port int, log io.Writer) (*wsServer, error) {
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return nil, fmt.Errorf("chat API: %w", err)
	}
	s := &wsServer{client: client, log: log, ln: ln}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

func (s *wsServer) addr() string { return "ws://" + s.ln.Addr().String() }

// close stops accepting, ends every connection and waits for them.
func (s *wsServer) close() {
	s.srv.Close()
	s.cancel()
	s.wg.Wait()
}

func (s *wsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The default origin check refuses browsers on other sites: a web page
	// must not drive the user's core through localhost.
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	s.wg.Add(1)
	defer s.wg.Done()
	c.SetReadLimit(chatapi.MaxFrameLen)
	s.serveConn(c)
}

func (s *wsServer) serveConn(c *websocket.Conn) {
	// ctx is the connection's own: coder/websocket drops a connection
	// whose Read or Write context ends, so a stopping server closes it
	// with a close frame instead (below) and ctx ends only once it is gone.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-s.ctx.Done():
			c.Close(websocket.StatusGoingAway, "duplex-host is stopping")
		case <-ctx.Done():
		}
	}()
	out := make(chan []byte, 64)
	writerDone := make(chan struct{})
	go func() { // the only writer of c
		defer close(writerDone)
		for {
			select {
			case b := <-out:
				if err := c.Write(ctx, websocket.MessageText, b); err != nil {
					cancel()
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	send := func(corrID *string, r chatapi.Response) {
		b, err := chatapi.EncodeReply(chatapi.Reply{CorrID: corrID, Resp: r})
		if err != nil {
			b, _ = chatapi.EncodeReply(chatapi.Reply{CorrID: corrID, Resp: chatapi.CommandError("cannot encode the response: " + err.Error())})
		}
		select {
		case out <- b:
		case <-ctx.Done():
		}
	}

	var events sync.WaitGroup
	if ch, err := s.client.Watch(ctx, chatapi.Mask); err != nil {
		fmt.Fprintf(s.log, "chat API: no events for this client: %v\n", err)
	} else {
		conv := &chatapi.Events{Client: s.client}
		events.Add(1)
		go func() {
			defer events.Done()
			for ev := range ch {
				for _, r := range conv.Convert(ctx, ev) {
					send(nil, r)
				}
			}
		}()
	}

	h := &chatapi.Handler{Client: s.client}
	for {
		typ, b, err := c.Read(ctx)
		if err != nil {
			break
		}
		if typ != websocket.MessageText {
			send(nil, chatapi.CommandError("send commands as text frames"))
			continue
		}
		req, err := chatapi.DecodeRequest(b)
		if err != nil {
			send(nil, chatapi.CommandError(`bad request: want {"corrId":"…","cmd":"…"}`))
			continue
		}
		corr := req.CorrID
		send(&corr, h.HandleLine(ctx, req.Cmd))
	}
	if s.ctx.Err() == nil {
		c.CloseNow()
	}
	cancel()
	<-writerDone
	events.Wait()
}
