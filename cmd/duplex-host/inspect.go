package main

import (
	"encoding/json"
	"fmt"
	"io"

	"duplex/crypto/enc"
	"duplex/net/links"
	"duplex/net/smp"
)

// linkReport is what "link inspect" prints. Member names are ours (there
// is no upstream equivalent); they stay stable for scripts.
type linkReport struct {
	Type    string `json:"type"` // invitation | contact
	Form    string `json:"form"` // full | short
	Kind    string `json:"kind"` // links.Kind, e.g. "short invitation"
	Link    string `json:"link"` // canonical form
	Address string `json:"addressType,omitempty"`
	// Full links.
	AgentVersions *versions     `json:"agentVersions,omitempty"`
	Queues        []queueReport `json:"queues,omitempty"`
	E2EPresent    bool          `json:"e2eParamsPresent"`
	E2EVersions   *versions     `json:"e2eVersions,omitempty"`
	PQKeyPresent  bool          `json:"pqKeyPresent"`
	ClientData    bool          `json:"clientDataPresent"`
	// Every link.
	Servers []serverReport `json:"servers"`
}

type versions struct {
	Min uint16 `json:"min"`
	Max uint16 `json:"max"`
}

type serverReport struct {
	Hosts       []string `json:"hosts"`
	Port        string   `json:"port,omitempty"`
	Fingerprint string   `json:"fingerprint"`
	Address     string   `json:"address"`
}

type queueReport struct {
	Server            serverReport `json:"server"`
	SMPClientVersions versions     `json:"smpClientVersions"`
	Mode              string       `json:"mode"`
}

func vr(v links.VersionRange) versions { return versions{v.Min, v.Max} }

func serverOf(s smp.Server) serverReport {
	return serverReport{Hosts: s.Hosts, Port: s.Port, Fingerprint: enc.B64(s.KeyHash), Address: s.String()}
}

// inspectLink parses uri and describes it.
func inspectLink(uri string) (*linkReport, error) {
	l, err := links.ParseLink(uri)
	if err != nil {
		return nil, err
	}
	r := &linkReport{Type: l.Mode().String(), Kind: l.Kind.String(), Link: l.String(), Servers: []serverReport{}}
	if s := l.Short; s != nil {
		r.Form = "short"
		r.Servers = append(r.Servers, serverOf(s.Server))
		switch s.Type {
		case links.LinkContact:
			r.Address = "contact"
		case links.LinkGroup:
			r.Address = "group"
		case links.LinkChannel:
			r.Address = "channel"
		case links.LinkRelay:
			r.Address = "relay"
		}
		return r, nil
	}
	f := l.Full
	r.Form = "full"
	av := vr(f.AgentVersions)
	r.AgentVersions = &av
	r.ClientData = f.ClientData != nil
	for _, q := range f.Queues {
		sr := serverOf(q.Server)
		r.Queues = append(r.Queues, queueReport{Server: sr, SMPClientVersions: vr(q.Versions), Mode: q.Mode.String()})
		dup := false
		for _, o := range r.Servers {
			dup = dup || o.Address == sr.Address
		}
		if !dup {
			r.Servers = append(r.Servers, sr)
		}
	}
	if f.E2E != nil {
		r.E2EPresent = true
		ev := vr(f.E2E.Versions)
		r.E2EVersions = &ev
		r.PQKeyPresent = f.E2E.KEMKey != nil
	}
	return r, nil
}

// runLink is "duplex-host link inspect <uri>".
func runLink(args []string, stdout, stderr io.Writer) int {
	if len(args) != 2 || args[0] != "inspect" {
		fmt.Fprintln(stderr, "usage: duplex-host link inspect <uri>")
		return 2
	}
	r, err := inspectLink(args[1])
	if err != nil {
		fmt.Fprintf(stderr, "duplex-host: %v\n", err)
		return 1
	}
	b, _ := json.MarshalIndent(r, "", "  ")
	fmt.Fprintf(stdout, "%s\n", b)
	return 0
}
