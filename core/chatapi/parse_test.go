package chatapi

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func bp(b bool) *bool              { return &b }
func ip(n int64) *int64            { return &n }
func raw(s string) json.RawMessage { return json.RawMessage(s) }

// Command lines from upstream bots/api/COMMANDS.md syntax and the
// TypeScript client's cmdString builders, with the values they mean.
var commandCases = []struct {
	line string
	want Command
}{
	{"/user", ShowActiveUser{}},
	{"/users", ListUsers{}},
	{`/_create user {"profile":{"displayName":"alice","fullName":""},"pastTimestamp":false}`,
		CreateActiveUserJSON{NewUser: raw(`{"profile":{"displayName":"alice","fullName":""},"pastTimestamp":false}`)}},
	{"/create user bob", CreateActiveUser{DisplayName: "bob"}},
	{"/create user bob Bob the bot", CreateActiveUser{DisplayName: "bob", ShortDescr: "Bob the bot"}},
	{"/create user 'bob smith'", CreateActiveUser{DisplayName: "bob smith"}},
	{"/_user 2", APISetActiveUser{UserID: 2}},
	{`/_user 2 "secret"`, APISetActiveUser{UserID: 2, ViewPwd: raw(`"secret"`)}},
	{"/_delete user 3 del_smp=on", APIDeleteUser{UserID: 3, DelSMPQueues: true}},
	{`/_delete user 3 del_smp=off "pwd"`, APIDeleteUser{UserID: 3, ViewPwd: raw(`"pwd"`)}},
	{`/_profile 1 {"displayName":"alice","fullName":"Alice"}`, APIUpdateProfile{UserID: 1, Profile: raw(`{"displayName":"alice","fullName":"Alice"}`)}},
	{"/_start", StartChat{}},
	{"/_start main=on", StartChat{Main: bp(true)}},
	{"/_start main=off snd_files=off", StartChat{Main: bp(false), SndFiles: bp(false)}},
	{"/_start main=on snd_files=off service_requests=on", StartChat{Main: bp(true), SndFiles: bp(false), ServiceRequests: bp(true)}},
	{"/_start main=on large_link_data=on", StartChat{Main: bp(true), LargeLinkData: bp(true)}},
	{"/_stop", APIStopChat{}},
	{"/_address 1", APICreateMyAddress{UserID: 1}},
	{"/_address 1 pq_ratchet=off", APICreateMyAddress{UserID: 1, PQRatchet: bp(false)}},
	{"/_show_address 1", APIShowMyAddress{UserID: 1}},
	{"/_delete_address 1", APIDeleteMyAddress{UserID: 1}},
	{"/_connect 1", APIAddContact{UserID: 1}},
	{"/_connect 1 incognito=on", APIAddContact{UserID: 1, Incognito: bp(true)}},
	{"/_connect plan 1 https://simplex.chat/i#abc", APIConnectPlan{UserID: 1, Link: "https://simplex.chat/i#abc"}},
	{"/_connect 1 simplex:/invitation#/?v=2-7&smp=x", APIConnect{UserID: 1, FullLink: "simplex:/invitation#/?v=2-7&smp=x"}},
	{"/_connect 1 incognito=off simplex:/contact#/?v=2-7 https://smp.example/a#k", APIConnect{UserID: 1, Incognito: bp(false), FullLink: "simplex:/contact#/?v=2-7", ShortLink: "https://smp.example/a#k"}},
	{"/_accept 5", APIAcceptContact{ContactReqID: 5}},
	{"/_accept incognito=on 5", APIAcceptContact{Incognito: bp(true), ContactReqID: 5}},
	{"/_reject 5", APIRejectContact{ContactReqID: 5}},
	{"/_contacts 1", APIListContacts{UserID: 1}},
	{"/_get chats 1", APIGetChats{UserID: 1}},
	{`/_get chats 1 pcc=on count=20 {"type":"filters","favorite":false,"unread":false}`,
		APIGetChats{UserID: 1, PendingConnections: bp(true), Page: &TimePage{Kind: PageLast, Count: 20}, Query: raw(`{"type":"filters","favorite":false,"unread":false}`)}},
	{"/_get chats 1 before=2024-05-01T10:20:30.5Z count=10", APIGetChats{UserID: 1, Page: &TimePage{Kind: PageBefore, Time: time.Date(2024, 5, 1, 10, 20, 30, 5e8, time.UTC), Count: 10}}},
	{`/_get chats 1 {"type":"search","search":"bob"}`, APIGetChats{UserID: 1, Query: raw(`{"type":"search","search":"bob"}`)}},
	{"/_get chat @2 count=100", APIGetChat{Chat: ChatRef{Type: ChatDirect, ID: 2}, Page: Pagination{Kind: PageLast, Count: 100}}},
	{"/_get chat #3 after=40 count=20", APIGetChat{Chat: ChatRef{Type: ChatGroup, ID: 3}, Page: Pagination{Kind: PageAfter, Item: 40, Count: 20}}},
	{"/_get chat *1 before=40 count=20", APIGetChat{Chat: ChatRef{Type: ChatLocal, ID: 1}, Page: Pagination{Kind: PageBefore, Item: 40, Count: 20}}},
	{"/_get chat @2 around=7 count=5", APIGetChat{Chat: ChatRef{Type: ChatDirect, ID: 2}, Page: Pagination{Kind: PageAround, Item: 7, Count: 5}}},
	{"/_get chat @2 initial=30", APIGetChat{Chat: ChatRef{Type: ChatDirect, ID: 2}, Page: Pagination{Kind: PageInitial, Count: 30}}},
	{"/_get chat @2 content=image count=10 search=cat photo", APIGetChat{Chat: ChatRef{Type: ChatDirect, ID: 2}, ContentTag: "image", Page: Pagination{Kind: PageLast, Count: 10}, Search: "cat photo", HasSearch: true}},
	{"/_get chat #3(_support:9) count=10", APIGetChat{Chat: ChatRef{Type: ChatGroup, ID: 3, Support: true, SupportMember: 9}, Page: Pagination{Kind: PageLast, Count: 10}}},
	{`/_send @2 json [{"msgContent":{"type":"text","text":"hi"},"mentions":{}}]`,
		APISendMessages{Send: ChatRef{Type: ChatDirect, ID: 2}, Mode: SendJSON, Messages: raw(`[{"msgContent":{"type":"text","text":"hi"},"mentions":{}}]`)}},
	{`/_send #3(_support) live=on ttl=30 sign=on json [{"msgContent":{"type":"text","text":"x"},"mentions":{}}]`,
		APISendMessages{Send: ChatRef{Type: ChatGroup, ID: 3, Support: true}, Live: bp(true), TTL: ip(30), Sign: bp(true), Mode: SendJSON, Messages: raw(`[{"msgContent":{"type":"text","text":"x"},"mentions":{}}]`)}},
	{"/_send @2 ttl=default text hello  world", APISendMessages{Send: ChatRef{Type: ChatDirect, ID: 2}, TTLDefault: true, Mode: SendText, Text: "hello  world"}},
	{`/_update item @2 17 json {"msgContent":{"type":"text","text":"edited"},"mentions":{}}`,
		APIUpdateChatItem{Chat: ChatRef{Type: ChatDirect, ID: 2}, ItemID: 17, Mode: SendJSON, Updated: raw(`{"msgContent":{"type":"text","text":"edited"},"mentions":{}}`)}},
	{"/_update item #3 17 live=on text fixed", APIUpdateChatItem{Chat: ChatRef{Type: ChatGroup, ID: 3}, ItemID: 17, Live: bp(true), Mode: SendText, Text: "fixed"}},
	{"/_delete item @2 17 broadcast", APIDeleteChatItem{Chat: ChatRef{Type: ChatDirect, ID: 2}, ItemIDs: []int64{17}, Mode: "broadcast"}},
	{"/_delete item #3 1,2,3 internalMark", APIDeleteChatItem{Chat: ChatRef{Type: ChatGroup, ID: 3}, ItemIDs: []int64{1, 2, 3}, Mode: "internalMark"}},
	{"/_delete item *1 4 internal", APIDeleteChatItem{Chat: ChatRef{Type: ChatLocal, ID: 1}, ItemIDs: []int64{4}, Mode: "internal"}},
	{"/_delete item @2 4 history", APIDeleteChatItem{Chat: ChatRef{Type: ChatDirect, ID: 2}, ItemIDs: []int64{4}, Mode: "history"}},
	{`/_reaction @2 17 on {"type":"emoji","emoji":"👍"}`, APIChatItemReaction{Chat: ChatRef{Type: ChatDirect, ID: 2}, ItemID: 17, Add: true, Reaction: raw(`{"type":"emoji","emoji":"👍"}`)}},
	{`/_reaction #3 17 off {"type":"emoji","emoji":"❤"}`, APIChatItemReaction{Chat: ChatRef{Type: ChatGroup, ID: 3}, ItemID: 17, Reaction: raw(`{"type":"emoji","emoji":"❤"}`)}},
	{"/_read chat @2", APIChatRead{Chat: ChatRef{Type: ChatDirect, ID: 2}}},
	{"/_delete @2", APIDeleteChat{Chat: ChatRef{Type: ChatDirect, ID: 2}}},
	{"/_delete @2 full notify=off", APIDeleteChat{Chat: ChatRef{Type: ChatDirect, ID: 2}, Mode: "full", Notify: bp(false)}},
	{"/_delete @2 entity", APIDeleteChat{Chat: ChatRef{Type: ChatDirect, ID: 2}, Mode: "entity"}},
	{"/_delete #3 messages", APIDeleteChat{Chat: ChatRef{Type: ChatGroup, ID: 3}, Mode: "messages"}},
	{"/_delete :7 notify=on", APIDeleteChat{Chat: ChatRef{Type: ChatConnection, ID: 7}, Notify: bp(true)}},
}

func TestParseEncode(t *testing.T) {
	for _, tc := range commandCases {
		got, err := Parse(tc.line)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.line, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Parse(%q) = %#v, want %#v", tc.line, got, tc.want)
		}
		if enc := got.Encode(); enc != tc.line {
			t.Errorf("Encode(Parse(%q)) = %q", tc.line, enc)
		}
		// Trailing spaces are accepted, as upstream does; free text keeps them.
		if again, err := Parse(tc.line + "  "); err != nil || (again.Encode() != tc.line && again.Encode() != tc.line+"  ") {
			t.Errorf("Parse(%q + spaces) = %v, %v", tc.line, again, err)
		}
	}
}

// Every supported command name appears in the table above.
func TestEverySupportedCommandCovered(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range commandCases {
		seen[tc.want.Name()] = true
	}
	for _, p := range parsers {
		if !seen[p.name] {
			t.Errorf("no table case for %s (%q)", p.name, p.prefix)
		}
	}
}

// A strict prefix of a command line is either refused or parses to a
// different, shorter command (e.g. "/_connect 1" within "/_connect 1 <link>"),
// never to the same value.
func TestStrictPrefixes(t *testing.T) {
	for _, tc := range commandCases {
		for i := 0; i < len(tc.line); i++ {
			p := tc.line[:i]
			cmd, err := Parse(p)
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("Parse(%q): error %T is not *ParseError", p, err)
				}
				continue
			}
			if reflect.DeepEqual(cmd, tc.want) {
				t.Errorf("prefix %q of %q parses to the same command", p, tc.line)
			}
			if enc := cmd.Encode(); enc != p && enc != strings.TrimRight(p, " ") {
				t.Errorf("prefix %q parsed to %q", p, cmd.Encode())
			}
		}
	}
}

func TestTrailingGarbage(t *testing.T) {
	for _, tc := range commandCases {
		switch tc.want.(type) {
		case CreateActiveUser, APIGetChat, APISendMessages, APIUpdateChatItem:
			if strings.Contains(tc.line, " text ") || strings.Contains(tc.line, "search=") || strings.HasPrefix(tc.line, "/create user") {
				continue // free text runs to the end of the line
			}
		}
		for _, junk := range []string{"x", " x", ",", "}", " 1"} {
			line := tc.line + junk
			cmd, err := Parse(line)
			if err == nil && reflect.DeepEqual(cmd, tc.want) {
				t.Errorf("Parse(%q) ignored trailing %q", line, junk)
			}
			if err == nil && cmd.Encode() != line {
				t.Errorf("Parse(%q) accepted garbage as %q", line, cmd.Encode())
			}
		}
	}
}

func TestMalformedCommands(t *testing.T) {
	bad := []string{
		"", " ", "/", "hello", "/_send", "/_send @", "/_send @x json []", "/_send :1 json []",
		"/_send @1 json {}", "/_send @1 json [", "/_send @1 live=maybe json []",
		"/_get chat @1", "/_get chat @1 count=", "/_get chat @1 after=3", "/_get chat @1 around=3 count=x",
		"/_get chat %1 count=1", "/_get chats x", "/_get chats 1 before=yesterday count=1",
		"/_delete item @1 1 sideways", "/_delete item @1 ,1 broadcast", "/_delete item @1 1, broadcast",
		"/_reaction @1 1 maybe {}", `/_reaction @1 1 on {"emoji":"x"}`, "/_user x", "/_delete user 1",
		"/_delete user 1 del_smp=yes", "/_connect x", "/_connect 1 nolink", "/_connect plan 1",
		"/_accept", "/_accept x", "/_address", "/_start main=", "/_start main=on snd_files=",
		"/_get chat @99999999999999999999 count=1", `/_profile 1 "x"`, "/_update item @1 2 json []",
		"/create user #bob", "/_read chat", "/_read chat #1(_support", "/_delete @1 full notify=x",
		"/unknown thing", "/_send @1 json[]",
	}
	for _, line := range bad {
		cmd, err := Parse(line)
		if err == nil {
			t.Errorf("Parse(%q) = %#v, want error", line, cmd)
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("Parse(%q): %T", line, err)
		}
		b, err := EncodeResponse(pe.Response())
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Type      string `json:"type"`
			ChatError struct {
				Type      string `json:"type"`
				ErrorType struct {
					Type    string `json:"type"`
					Message string `json:"message"`
				} `json:"errorType"`
			} `json:"chatError"`
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if got.Type != "chatCmdError" || got.ChatError.Type != "error" || got.ChatError.ErrorType.Type != "commandError" || got.ChatError.ErrorType.Message == "" {
			t.Errorf("Parse(%q) error response %s", line, b)
		}
	}
}
