package chatapi

import (
	"bytes"
	"encoding/json"
	"errors"
)

// MaxFrameLen bounds one transport message (a WebSocket text frame).
const MaxFrameLen = 16 << 20

// ErrBadFrame is returned for a transport message that is not one of the
// framings below.
var ErrBadFrame = errors.New("chatapi: malformed frame")

// Request is the client → core message: {"corrId":"…","cmd":"/_send …"}.
type Request struct {
	CorrID string `json:"corrId"`
	Cmd    string `json:"cmd"`
}

// DecodeRequest reads a Request. Both members are required strings;
// other members are ignored, as upstream's server does.
func DecodeRequest(b []byte) (Request, error) {
	if len(b) > MaxFrameLen {
		return Request{}, ErrBadFrame
	}
	var raw struct {
		CorrID *string `json:"corrId"`
		Cmd    *string `json:"cmd"`
	}
	if err := strictObject(b, &raw); err != nil || raw.CorrID == nil || raw.Cmd == nil {
		return Request{}, ErrBadFrame
	}
	return Request{CorrID: *raw.CorrID, Cmd: *raw.Cmd}, nil
}

// EncodeRequest writes a Request.
func EncodeRequest(r Request) ([]byte, error) { return marshalNoEscape(r) }

// Reply is the core → client message: a command's answer carries the
// request's CorrID; an event has none ({"resp":{…}}).
type Reply struct {
	CorrID *string
	Resp   Response
}

// IsEvent reports whether the reply is an event (no correlation id).
func (r Reply) IsEvent() bool { return r.CorrID == nil }

// EncodeReply writes {"corrId":"…","resp":{…}} or {"resp":{…}}.
func EncodeReply(r Reply) ([]byte, error) {
	resp, err := EncodeResponse(r.Resp)
	if err != nil {
		return nil, err
	}
	return marshalNoEscape(struct {
		CorrID *string         `json:"corrId,omitempty"`
		Resp   json.RawMessage `json:"resp"`
	}{r.CorrID, resp})
}

// DecodeReply reads a core → client message. "resp" is required and must
// be a tagged object; an unknown tag gives *UnknownResponse.
func DecodeReply(b []byte) (Reply, error) {
	if len(b) > MaxFrameLen {
		return Reply{}, ErrBadFrame
	}
	var raw struct {
		CorrID *string          `json:"corrId"`
		Resp   *json.RawMessage `json:"resp"`
	}
	if err := strictObject(b, &raw); err != nil || raw.Resp == nil {
		return Reply{}, ErrBadFrame
	}
	resp, err := DecodeResponse(*raw.Resp)
	if err != nil {
		return Reply{}, errors.Join(ErrBadFrame, err)
	}
	return Reply{CorrID: raw.CorrID, Resp: resp}, nil
}

// strictObject decodes one JSON object and refuses anything after it.
func strictObject(b []byte, v any) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return ErrBadFrame
	}
	d := json.NewDecoder(bytes.NewReader(b))
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() || d.InputOffset() != int64(len(b)) {
		return ErrBadFrame
	}
	return nil
}
