package chatapi

import (
	"context"

	"duplex/core/api"
)

// APIGetContactServers is "/_servers_of @<contactId>" → contactServers, a
// Duplex command (upstream has none): which relays, of which operators,
// carry each direction of the conversation and which proxies forwarded
// our messages (api.VisibilityClient).
type APIGetContactServers struct {
	ContactID int64
}

func (APIGetContactServers) Name() string     { return "APIGetContactServers" }
func (c APIGetContactServers) Encode() string { return "/_servers_of @" + itoa(c.ContactID) }

// ContactServersResponse answers /_servers_of: api.ContactVisibility as is.
type ContactServersResponse struct {
	Servers api.ContactVisibility `json:"contactServers"`
	Extra   Extra                 `json:"-"`
}

func (*ContactServersResponse) Type() string { return "contactServers" }

func (r *ContactServersResponse) MarshalJSON() ([]byte, error) {
	type plain ContactServersResponse
	return encodeObj((*plain)(r), r.Extra, "contactServers")
}

func (r *ContactServersResponse) UnmarshalJSON(b []byte) error {
	type plain ContactServersResponse
	v, extra, err := decodeTagged[plain](b)
	if err != nil {
		return err
	}
	*r = ContactServersResponse(v)
	r.Extra = extra
	return nil
}

// visibilityParsers go first: "/_servers " (APIGetUserServers) must not
// claim the line.
var visibilityParsers = []parser{
	{"/_servers_of ", "APIGetContactServers", func(c *scanner) (Command, bool) {
		r, ok := c.chatRef(true)
		return APIGetContactServers{ContactID: r.ID}, ok && r.Type == ChatDirect
	}},
}

func init() {
	parsers = append(visibilityParsers, parsers...)
	responseTypes["contactServers"] = func() Response { return new(ContactServersResponse) }
}

// handleVisibility runs /_servers_of; ok is false for any other command.
func (h *Handler) handleVisibility(ctx context.Context, cmd Command) (Response, error, bool) {
	c, ok := cmd.(APIGetContactServers)
	if !ok {
		return nil, nil, false
	}
	v, err := h.Client.ContactServers(ctx, api.ContactID(c.ContactID))
	if err != nil {
		return nil, err, true
	}
	return &ContactServersResponse{Servers: v}, nil, true
}
