package chatapi

import (
	"encoding/json"
	"slices"
	"strings"
)

// MaxCommandLen bounds a command line; a longer one is refused before any
// parsing (upstream has no limit of its own, but the WebSocket frame and
// the XRCP block both cap what can arrive).
const MaxCommandLen = 1 << 20

type parser struct {
	prefix string
	name   string
	parse  func(c *scanner) (Command, bool)
}

// parsers in upstream's order of precedence where prefixes overlap: the
// longer literal comes first ("/users" before "/user", "/_connect plan "
// before "/_connect ", "/_delete item " before "/_delete ").
var parsers = []parser{
	{"/_create user ", "CreateActiveUser", func(c *scanner) (Command, bool) {
		j, ok := c.jsonRest()
		return CreateActiveUserJSON{NewUser: j}, ok
	}},
	{"/create user ", "CreateActiveUser", parseCreateUser},
	{"/users", "ListUsers", func(c *scanner) (Command, bool) { return ListUsers{}, true }},
	{"/_user ", "APISetActiveUser", func(c *scanner) (Command, bool) {
		id, ok := c.decimal()
		if !ok {
			return nil, false
		}
		cmd := APISetActiveUser{UserID: id}
		if c.lit(" ") && !c.atEnd() {
			cmd.ViewPwd, ok = c.jsonRest()
		}
		return cmd, ok
	}},
	{"/_delete user ", "APIDeleteUser", func(c *scanner) (Command, bool) {
		id, ok := c.decimal()
		if !ok || !c.lit(" del_smp=") {
			return nil, false
		}
		cmd := APIDeleteUser{UserID: id}
		if cmd.DelSMPQueues, ok = c.onOff(); !ok {
			return nil, false
		}
		if c.lit(" ") && !c.atEnd() {
			cmd.ViewPwd, ok = c.jsonRest()
		}
		return cmd, ok
	}},
	{"/user", "ShowActiveUser", func(c *scanner) (Command, bool) { return ShowActiveUser{}, true }},
	{"/_start", "StartChat", parseStart},
	{"/_stop", "APIStopChat", func(c *scanner) (Command, bool) { return APIStopChat{}, true }},
	{"/_get chats ", "APIGetChats", parseGetChats},
	{"/_get chat ", "APIGetChat", parseGetChat},
	{"/_send ", "APISendMessages", parseSend},
	{"/_update item ", "APIUpdateChatItem", parseUpdate},
	{"/_delete item ", "APIDeleteChatItem", parseDeleteItem},
	{"/_reaction ", "APIChatItemReaction", func(c *scanner) (Command, bool) {
		var cmd APIChatItemReaction
		var ok bool
		if cmd.Chat, ok = c.chatRef(false); !ok || !c.lit(" ") {
			return nil, false
		}
		if cmd.ItemID, ok = c.decimal(); !ok || !c.lit(" ") {
			return nil, false
		}
		if cmd.Add, ok = c.onOff(); !ok || !c.lit(" ") {
			return nil, false
		}
		cmd.Reaction, ok = c.jsonRest()
		return cmd, ok && validReaction(cmd.Reaction)
	}},
	{"/_read chat ", "APIChatRead", func(c *scanner) (Command, bool) {
		r, ok := c.chatRef(false)
		return APIChatRead{Chat: r}, ok
	}},
	{"/_delete_address ", "APIDeleteMyAddress", func(c *scanner) (Command, bool) {
		id, ok := c.decimal()
		return APIDeleteMyAddress{UserID: id}, ok
	}},
	{"/_delete ", "APIDeleteChat", parseDeleteChat},
	{"/_accept", "APIAcceptContact", func(c *scanner) (Command, bool) {
		var cmd APIAcceptContact
		var ok bool
		if cmd.Incognito, ok = c.optOnOff("incognito"); !ok || !c.lit(" ") {
			return nil, false
		}
		cmd.ContactReqID, ok = c.decimal()
		return cmd, ok
	}},
	{"/_reject ", "APIRejectContact", func(c *scanner) (Command, bool) {
		id, ok := c.decimal()
		return APIRejectContact{ContactReqID: id}, ok
	}},
	{"/_profile ", "APIUpdateProfile", func(c *scanner) (Command, bool) {
		id, ok := c.decimal()
		if !ok || !c.lit(" ") {
			return nil, false
		}
		j, ok := c.jsonRest()
		return APIUpdateProfile{UserID: id, Profile: j}, ok && j[0] == '{'
	}},
	{"/_contacts ", "APIListContacts", func(c *scanner) (Command, bool) {
		id, ok := c.decimal()
		return APIListContacts{UserID: id}, ok
	}},
	{"/_connect plan ", "APIConnectPlan", func(c *scanner) (Command, bool) {
		id, ok := c.decimal()
		if !ok || !c.lit(" ") {
			return nil, false
		}
		l, ok := c.token()
		return APIConnectPlan{UserID: id, Link: l}, ok && validLink(l)
	}},
	{"/_connect ", "APIConnect", parseConnect},
	{"/_address ", "APICreateMyAddress", func(c *scanner) (Command, bool) {
		id, ok := c.decimal()
		if !ok {
			return nil, false
		}
		pq, ok := c.optOnOff("pq_ratchet")
		return APICreateMyAddress{UserID: id, PQRatchet: pq}, ok
	}},
	{"/_show_address ", "APIShowMyAddress", func(c *scanner) (Command, bool) {
		id, ok := c.decimal()
		return APIShowMyAddress{UserID: id}, ok
	}},
}

// Parse reads one command line. Any failure is a *ParseError; Parse never
// panics, whatever the input.
func Parse(line string) (Command, error) {
	if len(line) > MaxCommandLen {
		return nil, &ParseError{Reason: "command too long"}
	}
	var near string
	for _, p := range parsers {
		c := &scanner{s: line}
		if !c.lit(p.prefix) {
			continue
		}
		cmd, ok := p.parse(c)
		if ok && c.atEnd() {
			return cmd, nil
		}
		if near == "" {
			near = p.name
		}
	}
	if near != "" {
		return nil, &ParseError{Command: near, Reason: "bad arguments"}
	}
	word := line
	if i := strings.IndexByte(word, ' '); i >= 0 {
		word = word[:i]
	}
	if len(word) > 40 {
		word = word[:40]
	}
	return nil, &ParseError{Reason: "unsupported command " + strings.ToValidUTF8(strconvQuote(word), "")}
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

func parseCreateUser(c *scanner) (Command, bool) {
	var cmd CreateActiveUser
	if c.lit("'") {
		r := c.rest()
		i := strings.IndexByte(r, '\'')
		if i <= 0 || !validNameStart(r[0]) {
			return nil, false
		}
		cmd.DisplayName = r[:i]
		c.pos += i + 1
	} else {
		r := c.rest()
		i := strings.IndexAny(r, " \t\n\r,")
		if i < 0 {
			i = len(r)
		}
		if i == 0 || !validNameStart(r[0]) {
			return nil, false
		}
		cmd.DisplayName = r[:i]
		c.pos += i
	}
	// The rest, trimmed, is the short description (upstream keeps 160 chars).
	if c.lit(" ") {
		cmd.ShortDescr = strings.TrimRight(strings.TrimLeft(c.rest(), " "), " ")
		c.pos = len(c.s)
	}
	return cmd, true
}

func validNameStart(b byte) bool { return b > ' ' && b != '#' && b != '@' && b != '\'' }

func parseStart(c *scanner) (Command, bool) {
	if c.atEnd() {
		return StartChat{}, true
	}
	if !c.lit(" main=") {
		return nil, false
	}
	m, ok := c.onOff()
	if !ok {
		return nil, false
	}
	cmd := StartChat{Main: &m}
	if cmd.SndFiles, ok = c.optOnOff("snd_files"); !ok {
		return nil, false
	}
	if cmd.LargeLinkData, ok = c.optOnOff("large_link_data"); !ok {
		return nil, false
	}
	cmd.ServiceRequests, ok = c.optOnOff("service_requests")
	return cmd, ok
}

func parseGetChats(c *scanner) (Command, bool) {
	var cmd APIGetChats
	var ok bool
	if cmd.UserID, ok = c.decimal(); !ok {
		return nil, false
	}
	if cmd.PendingConnections, ok = c.optOnOff("pcc"); !ok {
		return nil, false
	}
	save := c.pos
	if c.lit(" ") {
		if p, ok := c.timePage(); ok {
			cmd.Page = &p
		} else {
			c.pos = save
		}
	}
	if c.lit(" ") && !c.atEnd() {
		if cmd.Query, ok = c.jsonRest(); !ok || cmd.Query[0] != '{' {
			return nil, false
		}
	}
	return cmd, true
}

func parseGetChat(c *scanner) (Command, bool) {
	var cmd APIGetChat
	var ok bool
	if cmd.Chat, ok = c.chatRef(false); !ok {
		return nil, false
	}
	if c.lit(" content=") {
		if cmd.ContentTag, ok = c.token(); !ok {
			return nil, false
		}
	}
	if !c.lit(" ") {
		return nil, false
	}
	if cmd.Page, ok = c.pagination(); !ok {
		return nil, false
	}
	if c.lit(" search=") {
		cmd.HasSearch = true
		cmd.Search = c.rest()
		c.pos = len(c.s)
	}
	return cmd, true
}

// sendBody reads " json <json>" or " text <text>". Upstream's /_send
// needs the space after "json"; its /_update item does not (" json" *>
// jsonP), so jsonKeyword differs between the two.
func sendBody(c *scanner, jsonKeyword string) (SendMode, json.RawMessage, string, bool) {
	if c.lit(jsonKeyword) {
		j, ok := c.jsonRest()
		return SendJSON, j, "", ok
	}
	if c.lit(" text ") {
		t := c.rest()
		c.pos = len(c.s)
		return SendText, nil, t, true
	}
	return 0, nil, "", false
}

func parseSend(c *scanner) (Command, bool) {
	var cmd APISendMessages
	var ok bool
	if cmd.Send, ok = c.chatRef(true); !ok {
		return nil, false
	}
	if cmd.Live, ok = c.optOnOff("live"); !ok {
		return nil, false
	}
	if c.lit(" ttl=") {
		if c.lit("default") {
			cmd.TTLDefault = true
		} else {
			n, ok := c.decimal()
			if !ok {
				return nil, false
			}
			cmd.TTL = &n
		}
	}
	if cmd.Sign, ok = c.optOnOff("sign"); !ok {
		return nil, false
	}
	cmd.Mode, cmd.Messages, cmd.Text, ok = sendBody(c, " json ")
	if ok && cmd.Mode == SendJSON && cmd.Messages[0] != '[' {
		return nil, false
	}
	return cmd, ok
}

func parseUpdate(c *scanner) (Command, bool) {
	var cmd APIUpdateChatItem
	var ok bool
	if cmd.Chat, ok = c.chatRef(false); !ok || !c.lit(" ") {
		return nil, false
	}
	if cmd.ItemID, ok = c.decimal(); !ok {
		return nil, false
	}
	if cmd.Live, ok = c.optOnOff("live"); !ok {
		return nil, false
	}
	cmd.Mode, cmd.Updated, cmd.Text, ok = sendBody(c, " json")
	if ok && cmd.Mode == SendJSON && cmd.Updated[0] != '{' {
		return nil, false
	}
	return cmd, ok
}

func parseDeleteItem(c *scanner) (Command, bool) {
	var cmd APIDeleteChatItem
	var ok bool
	if cmd.Chat, ok = c.chatRef(false); !ok || !c.lit(" ") {
		return nil, false
	}
	for {
		id, ok := c.decimal()
		if !ok {
			return nil, false
		}
		cmd.ItemIDs = append(cmd.ItemIDs, id)
		if !c.lit(",") {
			break
		}
	}
	if !c.lit(" ") {
		return nil, false
	}
	m, ok := c.token()
	if !ok || !slices.Contains(itemDeleteModes, m) {
		return nil, false
	}
	cmd.Mode = m
	return cmd, true
}

func parseDeleteChat(c *scanner) (Command, bool) {
	var cmd APIDeleteChat
	var ok bool
	if cmd.Chat, ok = c.chatRef(false); !ok {
		return nil, false
	}
	switch {
	case c.lit(" full"):
		cmd.Mode = "full"
	case c.lit(" entity"):
		cmd.Mode = "entity"
	case c.lit(" messages"):
		return APIDeleteChat{Chat: cmd.Chat, Mode: "messages"}, true
	}
	cmd.Notify, ok = c.optOnOff("notify")
	return cmd, ok
}

func parseConnect(c *scanner) (Command, bool) {
	id, ok := c.decimal()
	if !ok {
		return nil, false
	}
	inc, ok := c.optOnOff("incognito")
	if !ok {
		return nil, false
	}
	if c.atEnd() {
		return APIAddContact{UserID: id, Incognito: inc}, true
	}
	if !c.lit(" ") {
		return nil, false
	}
	cmd := APIConnect{UserID: id, Incognito: inc}
	if cmd.FullLink, ok = c.token(); !ok || !validLink(cmd.FullLink) {
		return nil, false
	}
	save := c.pos
	if c.lit(" ") && !c.atEnd() {
		if cmd.ShortLink, ok = c.token(); !ok || !validLink(cmd.ShortLink) {
			return nil, false
		}
	} else {
		c.pos = save
	}
	return cmd, true
}

// validLink accepts what can be a SimpleX link: a URI with a scheme
// ("simplex:/…", "https://…"). The link itself is checked by the core
// (net/links) when the command runs, so a bad link there gives the
// chat API error of that step, as upstream does.
func validLink(l string) bool {
	i := strings.IndexByte(l, ':')
	return i > 0 && i < len(l)-1
}

// validReaction accepts a MsgReaction object: {"type":"emoji","emoji":…}
// or another tagged kind (kept verbatim).
func validReaction(j json.RawMessage) bool {
	var r struct {
		Type string `json:"type"`
	}
	return json.Unmarshal(j, &r) == nil && r.Type != ""
}
