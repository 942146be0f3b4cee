// Package chatapi is the codec of the SimpleX chat API: the command
// language ("/_send @2 json […]") and the JSON responses and events that
// SimpleX bots speak over a WebSocket to "simplex-chat -p PORT", and that
// a paired desktop sends to a mobile core over remote control (XRCP).
// Both Duplex front ends of that API — duplex-host's WebSocket server and
// core/remote — use this one package, so the two can never drift apart.
// The codec itself is pure (no I/O, no goroutines, no clock). On top of
// it, Handler (dispatch*.go) turns a parsed Command into core/api Client
// calls and the results into Responses (convert.go maps api values to the
// upstream records), and Events (events.go) turns core events into chat
// API events. Both are used unchanged by every server of the API.
//
// # Dispatch
//
// Upstream names a request or a pending connection by id alone, while the
// Client wants the owning profile, so Handler looks ids up across
// profiles. Every error becomes chatCmdError (ErrorResponse): the tag is
// the closest upstream ChatErrorType, "message" the core's own text, and a
// panic in a client is recovered into "internal error" — a bot's bad
// command never takes a server down. The core reports one "item updated"
// event where upstream has three (edit, reaction, deletion), so Events
// keeps each item's last text and reactions (bounded) and reports the
// difference; what we did ourselves (sends, edits and deletions of our
// items, our reactions) is not echoed: the command's answer carried it.
//
// # Transport framing (one WebSocket text frame each)
//
//	client → core   {"corrId":"<any string>","cmd":"<command line>"}
//	core → client   {"corrId":"<same>","resp":{"type":"<tag>",…}}   answer
//	core → client   {"resp":{"type":"<tag>",…}}                     event
//
// DecodeRequest / EncodeReply are the server side, EncodeRequest /
// DecodeReply the client side. Both refuse anything after the object.
//
// # Commands
//
// Parse follows upstream's parser (simplex-chat Library/Commands.hs,
// chatCommandP): literal keywords separated by single spaces, decimal ids,
// on/off flags written " name=on|off" in a fixed order, ChatRef "@id",
// "#id", "#id(_support[:memberId])", "*id", ":id", pagination
// "count=N | after=ID count=N | before=ID count=N | around=ID count=N |
// initial=N", and JSON or free text running to the end of the line.
// Like upstream, trailing spaces are accepted (and kept in free text);
// anything else left over is an error. JSON payloads are validated and
// kept verbatim, so Encode writes back exactly what was read and a proxy
// forwards a command unchanged. Each command is a Go type whose Encode
// gives the canonical line; Parse(c.Encode()) == c.
//
// A line that is not a supported command, or has bad arguments, gives a
// *ParseError; its Response() is the chat API's own error:
//
//	{"type":"chatCmdError","chatError":{"type":"error","errorType":{"type":"commandError","message":"…"}}}
//
// # Responses and events
//
// One Go type per tag (NewChatItems, ContactConnected, …) with the member
// names of upstream bots/api/TYPES.md. Decoding tolerates everything a
// newer core may add: unknown members of every modelled object are kept
// in Extra and written back, unknown tags decode to *UnknownResponse
// (verbatim), and deep structures Duplex does not interpret (group info,
// preferences, files) stay raw JSON. Why: on the remote-control path this
// package sits between two cores of possibly newer versions, and dropping
// a member would corrupt what the desktop shows. Message content is the
// chat protocol's MsgContent (duplex/core/chat/protocol), reused through
// DecodeMsgContent/EncodeMsgContent rather than modelled twice.
//
// # iOS encoding
//
// An iOS core encodes sum types the Swift way — {"_owsf":true,"tag":{…}}
// — instead of {"type":"tag",…}. OWSFToTagged rewrites every marked
// object, at any depth, before DecodeResponse sees it.
package chatapi
