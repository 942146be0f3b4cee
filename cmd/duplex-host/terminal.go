package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"duplex/core/api"
	"duplex/core/chatapi"
)

// terminal is the interactive mode: simplex-chat's short commands plus
// raw API commands. Output is line-based so it also works in a pipe.
type terminal struct {
	c   api.Client
	h   *chatapi.Handler
	mu  sync.Mutex // one writer: command output and incoming messages
	out io.Writer
}

func newTerminal(c api.Client, out io.Writer) *terminal {
	return &terminal{c: c, h: &chatapi.Handler{Client: c}, out: out}
}

func (t *terminal) printf(format string, a ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.out, format, a...)
}

const terminalHelp = `Commands:
  /c                 create a one-time link to give someone
  /c <link>          connect through someone's link (shows what it is first)
  /ad                show your contact address (created if you have none)
  /ac <name>         accept the contact request from <name>
  @<name> <text>     send a message
  /tail [@name] [n]  last n messages (default 10) of one chat, or the last message of every chat
  /contacts          your contacts
  /create user <name>  create a profile (the first one is needed before anything else)
  /_…, /users, /user any chat API command, answered as JSON
  /help              this help
Incoming messages print as "name> text".
`

// run reads commands until ctx ends or input does.
func (t *terminal) run(ctx context.Context, in io.Reader) {
	evCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if ch, err := t.c.Watch(evCtx, api.EvNewItems.Mask()|api.EvContactConnected.Mask()|api.EvContactRequest.Mask()); err == nil {
		go func() {
			for ev := range ch {
				t.event(ev)
			}
		}()
	}
	t.printf("Type /help for commands.\n")
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64<<10), chatapi.MaxCommandLen)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case line, ok := <-lines:
			if !ok {
				return
			}
			if err := t.command(ctx, strings.TrimSpace(line)); err != nil {
				t.printf("error: %v\n", err)
			}
		}
	}
}

func (t *terminal) event(ev api.Event) {
	name := func(c *api.Contact) string {
		if c == nil {
			return "?"
		}
		return c.Name()
	}
	switch ev.Type {
	case api.EvContactConnected:
		t.printf("%s: contact connected\n", name(ev.Contact))
	case api.EvContactRequest:
		if ev.Request != nil {
			t.printf("%s wants to connect to you: /ac %s to accept\n", ev.Request.DisplayName, ev.Request.DisplayName)
		}
	case api.EvNewItems:
		for _, it := range ev.Items {
			if it.Sent || it.Kind == api.KindEvent {
				continue
			}
			c, err := t.c.Contact(context.Background(), it.ContactID)
			if err != nil {
				continue
			}
			t.printf("%s> %s\n", c.Name(), it.Text)
		}
	}
}

func (t *terminal) command(ctx context.Context, line string) error {
	switch {
	case line == "":
		return nil
	case line == "/help" || line == "/h":
		t.printf("%s", terminalHelp)
		return nil
	case line == "/c" || line == "/connect":
		p, err := t.active(ctx)
		if err != nil {
			return err
		}
		pc, err := t.c.CreateLink(ctx, p.ID, false)
		if err != nil {
			return err
		}
		t.printf("Give this one-time link to your contact:\n%s\n", pc.Link)
		if pc.ShortLink != "" {
			t.printf("Short form:\n%s\n", pc.ShortLink)
		}
		return nil
	case strings.HasPrefix(line, "/c ") || strings.HasPrefix(line, "/connect "):
		_, link, _ := strings.Cut(line, " ")
		return t.connect(ctx, strings.TrimSpace(link))
	case line == "/ad" || line == "/address":
		return t.address(ctx)
	case strings.HasPrefix(line, "/ac "):
		return t.accept(ctx, strings.TrimSpace(line[4:]))
	case line == "/contacts":
		p, err := t.active(ctx)
		if err != nil {
			return err
		}
		cs, err := t.c.Contacts(ctx, p.ID)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			t.printf("no contacts yet: /c makes a link to give someone\n")
		}
		for _, c := range cs {
			state := ""
			if !c.Ready {
				state = " (connecting)"
			}
			t.printf("@%s%s\n", c.Name(), state)
		}
		return nil
	case line == "/tail" || strings.HasPrefix(line, "/tail "):
		return t.tail(ctx, strings.Fields(line)[1:])
	case strings.HasPrefix(line, "@"):
		name, text, ok := strings.Cut(line[1:], " ")
		if !ok || strings.TrimSpace(text) == "" {
			return errors.New("usage: @name message")
		}
		c, err := t.contact(ctx, name)
		if err != nil {
			return err
		}
		_, err = t.c.Send(ctx, c.ID, api.Compose{Text: text})
		return err
	case strings.HasPrefix(line, "/"):
		r := t.h.HandleLine(ctx, line)
		b, err := chatapi.EncodeResponse(r)
		if err != nil {
			return err
		}
		var pretty json.RawMessage = b
		if ind, err := json.MarshalIndent(pretty, "", "  "); err == nil {
			b = ind
		}
		t.printf("%s\n", b)
		return nil
	}
	return errors.New("not a command (type /help), or start a message with @name")
}

func (t *terminal) active(ctx context.Context) (api.Profile, error) {
	ps, err := t.c.Profiles(ctx)
	if err != nil {
		return api.Profile{}, err
	}
	for _, p := range ps {
		if p.Active {
			return p, nil
		}
	}
	return api.Profile{}, errors.New("no profile yet: /create user <name>")
}

func (t *terminal) contact(ctx context.Context, name string) (api.Contact, error) {
	p, err := t.active(ctx)
	if err != nil {
		return api.Contact{}, err
	}
	cs, err := t.c.Contacts(ctx, p.ID)
	if err != nil {
		return api.Contact{}, err
	}
	for _, c := range cs {
		if c.Name() == name {
			return c, nil
		}
	}
	return api.Contact{}, fmt.Errorf("no contact @%s (see /contacts)", name)
}

// connect shows the plan and connects only when the plan says it would
// make a new connection.
func (t *terminal) connect(ctx context.Context, link string) error {
	p, err := t.active(ctx)
	if err != nil {
		return err
	}
	if _, err := inspectLink(link); err != nil {
		return err
	}
	plan, err := t.c.PlanConnect(ctx, p.ID, link)
	if err != nil {
		return err
	}
	t.printf("%s\n", plan.Summary)
	if plan.Kind != api.PlanInvitation && plan.Kind != api.PlanAddress {
		return nil
	}
	res, err := t.c.Connect(ctx, p.ID, link, false)
	if err != nil {
		return err
	}
	if res.Contact != nil {
		t.printf("already connected to @%s\n", res.Contact.Name())
		return nil
	}
	if plan.Kind == api.PlanAddress {
		t.printf("connection request sent: you will be connected when it is accepted\n")
	} else {
		t.printf("confirmation sent: you will be connected shortly\n")
	}
	return nil
}

func (t *terminal) address(ctx context.Context) error {
	p, err := t.active(ctx)
	if err != nil {
		return err
	}
	a, err := t.c.Address(ctx, p.ID)
	if errors.Is(err, api.ErrNoAddress) {
		a, err = t.c.CreateAddress(ctx, p.ID)
	}
	if err != nil {
		return err
	}
	t.printf("Your contact address:\n%s\n", a.Link)
	if a.ShortLink != "" {
		t.printf("Short form:\n%s\n", a.ShortLink)
	}
	return nil
}

func (t *terminal) accept(ctx context.Context, name string) error {
	p, err := t.active(ctx)
	if err != nil {
		return err
	}
	rs, err := t.c.ContactRequests(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.DisplayName == name {
			c, err := t.c.AcceptRequest(ctx, r.ID, false)
			if err != nil {
				return err
			}
			t.printf("accepting @%s\n", c.Name())
			return nil
		}
	}
	return fmt.Errorf("no contact request from %s", name)
}

func (t *terminal) tail(ctx context.Context, args []string) error {
	n, name := 10, ""
	for _, a := range args {
		if strings.HasPrefix(a, "@") {
			name = a[1:]
		} else if v, err := strconv.Atoi(a); err == nil && v > 0 {
			n = v
		} else {
			return errors.New("usage: /tail [@name] [n]")
		}
	}
	line := func(c api.Contact, it api.ChatItem) {
		who := c.Name()
		if it.Sent {
			who = "you"
		}
		t.printf("%s %s> %s\n", it.Time.Local().Format("15:04"), who, it.Text)
	}
	if name != "" {
		c, err := t.contact(ctx, name)
		if err != nil {
			return err
		}
		its, err := t.c.Items(ctx, c.ID, api.Page{Count: n})
		if err != nil {
			return err
		}
		for _, it := range its {
			line(c, it)
		}
		return nil
	}
	p, err := t.active(ctx)
	if err != nil {
		return err
	}
	chats, err := t.c.Chats(ctx, p.ID)
	if err != nil {
		return err
	}
	// chats come most recent first: print the n most recent that have a
	// message, oldest first.
	var last []api.ChatSummary
	for _, s := range chats {
		if s.Last != nil && len(last) < n {
			last = append(last, s)
		}
	}
	for i := len(last) - 1; i >= 0; i-- {
		line(last[i].Contact, *last[i].Last)
	}
	return nil
}
