package chatapi

import (
	"bytes"
	"encoding/json"
	"fmt"

	"duplex/core/chat/protocol"
)

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// The API carries MsgContent as the same JSON the chat protocol sends in
// x.msg.new ("content"). Rather than a second model, these helpers pass it
// through duplex/core/chat/protocol, wrapping it in an x.msg.new message
// because that package exposes its content codec only through messages.

// DecodeMsgContent reads an API msgContent object.
func DecodeMsgContent(raw json.RawMessage) (protocol.MsgContent, error) {
	msg := []byte(`{"v":"1","event":"x.msg.new","params":{"content":` + string(raw) + `}}`)
	if !json.Valid(raw) {
		return protocol.MsgContent{}, fmt.Errorf("chatapi: msgContent is not JSON")
	}
	m, err := protocol.Decode(msg)
	if err != nil {
		return protocol.MsgContent{}, err
	}
	n, ok := m.Event.(*protocol.MsgNew)
	if !ok {
		return protocol.MsgContent{}, fmt.Errorf("chatapi: msgContent did not decode")
	}
	return n.Content, nil
}

// EncodeMsgContent writes a protocol MsgContent as API msgContent JSON.
func EncodeMsgContent(c protocol.MsgContent) (json.RawMessage, error) {
	b, err := protocol.Encode(protocol.ChatMessage{
		Version: protocol.SupportedRange,
		Event:   &protocol.MsgNew{Content: c},
	})
	if err != nil {
		return nil, err
	}
	var m struct {
		Params struct {
			Content json.RawMessage `json:"content"`
		} `json:"params"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m.Params.Content, nil
}

// Msg decodes the message content of a sndMsgContent/rcvMsgContent item.
func (c CIContent) Msg() (protocol.MsgContent, error) {
	if c.MsgContent == nil {
		return protocol.MsgContent{}, fmt.Errorf("chatapi: %s has no msgContent", c.Type)
	}
	return DecodeMsgContent(c.MsgContent)
}

// TextMessage builds the "/_send" payload for one text message, as
// bots do: [{"msgContent":{"type":"text","text":…},"mentions":{}}].
func TextMessage(text string) (json.RawMessage, error) {
	mc, err := EncodeMsgContent(protocol.MsgContent{Type: protocol.ContentText, Text: text})
	if err != nil {
		return nil, err
	}
	return marshalNoEscape([]ComposedMessage{{MsgContent: mc, Mentions: map[string]int64{}}})
}
