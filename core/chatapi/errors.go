package chatapi

import (
	"encoding/json"
	"fmt"
)

// ParseError is a command line that is not one of the supported commands,
// or one whose arguments are malformed. A server answers it with
// ParseError.Response(): the chat API's own "commandError".
type ParseError struct {
	Command string // the command word(s) recognised, "" when none was
	Reason  string
}

func (e *ParseError) Error() string {
	if e.Command == "" {
		return "invalid chat command: " + e.Reason
	}
	return fmt.Sprintf("invalid chat command: %s: %s", e.Command, e.Reason)
}

// Response is the chat API error a server sends for this parse error:
//
//	{"type":"chatCmdError","chatError":{"type":"error","errorType":{"type":"commandError","message":"…"}}}
func (e *ParseError) Response() *ChatCmdError {
	return CommandError(e.Error())
}

// CommandError builds the chatCmdError response with errorType
// commandError and the given message.
func CommandError(msg string) *ChatCmdError {
	m, _ := json.Marshal(msg)
	return &ChatCmdError{ChatError: ChatError{
		Type:      "error",
		ErrorType: &Tagged{Type: "commandError", Fields: Extra{"message": m}},
	}}
}
