// Package protocol is the SimpleX chat protocol codec: the JSON messages
// carried in agent A_MSG bodies, and the batch/compression framing around
// them. It is a pure codec: no I/O, no storage, no clock. The chat service
// (core/chat) decides what to send and what a received event means.
//
// # Message
//
//	{"v":"1-16","msgId":"AQIDBA==","event":"x.msg.new","params":{…}}
//
// "v" is the sender's chat version range ("N" or "N-M"; absent means 1),
// "msgId" a base64url shared message id (optional; padding optional on
// input, always written padded as upstream does), "event" a tag starting
// with 'x', and "params" an object whose shape the tag selects.
//
// Each tag maps to one Go type implementing Event (MsgNew, MsgUpdate,
// MsgDel, MsgReact, Info, GrpInv, …). Tags we do not model — newer events,
// calls, most x.grp.* — decode to *Unknown with the params kept verbatim, so
// the service stores them as "unsupported" and can re-encode them
// unchanged. The same idea applies one level down: every modelled object
// keeps members it does not know in an Extra map, an unknown content type
// keeps its whole object in MsgContent.Raw, and an unknown reaction in
// Reaction.Raw. Why: peers run newer versions than we do; dropping what we
// do not understand would corrupt what we store and forward.
//
// Encoding writes keys sorted and strings without HTML escaping; key order
// means nothing in this protocol and tests compare JSON values. Encode
// re-decodes its own output and refuses anything it could not read back
// (a nil required id, a bad tag), so we never send what a peer must reject.
//
// # Body framing (agent message body)
//
//	'{' …                      one JSON message
//	'[' msg, msg, … ']'        a batch (chat version >= 5 in groups, >= 9 direct)
//	'X' n:1 part{n}            compressed (chat version >= 8)
//	    part = '0' len:1 bytes          passthrough (<= 180 bytes)
//	         | '1' len:2(BE) zstd-frame each part is itself a '{' or '[' body
//
// Upstream (Protocol.hs) compresses only when PQ is on, the peer speaks
// version >= 8, and the JSON is longer than 13380 bytes; short messages
// go out as plain JSON — EncodeBody does the same (BodyOptions.Compress).
// One body may hold at most 15602 bytes.
//
// Decompression bombs: a zstd part may inflate to at most 65536 bytes
// (upstream maxDecompressedMsgLength). A frame declaring more is refused
// from its header, before any work; a frame that declares no size is
// inflated through a limit and refused when it passes the cap. Upstream
// refuses size-less frames outright; we accept them within the cap, and
// our encoder always declares the size (single-segment frames) so upstream
// accepts ours.
//
// Not supported (refused with a clear error): the binary '=' batch, signed
// '/' and forwarded '>' elements of relay groups, and binary 'F' file
// chunks — all group/relay features the chat service does not have yet.
//
// # Versions
//
// UpstreamCurrentVersion (18) is the newest upstream chat version seen;
// SupportedRange (1-16) is what Duplex advertises — see its comment.
//
// # Errors
//
// Every decode error wraps ErrMalformed and names the event and the field
// path: `x.msg.new: params.content: missing "type"`. Size refusals also
// wrap ErrTooLarge.
package protocol
