package chatapi

import (
	"encoding/json"
	"errors"

	"duplex/core/api"
)

// APIError is an error with the upstream ChatErrorType tag it is reported
// under ("noActiveUser", "invalidConnReq", …). Its text is the message.
type APIError struct {
	Tag string
	Err error
}

func (e *APIError) Error() string { return e.Err.Error() }
func (e *APIError) Unwrap() error { return e.Err }

func cmdErr(msg string) error { return &APIError{Tag: "commandError", Err: errors.New(msg)} }

var errNoActiveUser = &APIError{Tag: "noActiveUser", Err: errors.New("no active user: create one with /_create user")}

// errorTags maps core errors to the closest upstream ChatErrorType tag.
// Store misses use the "error" family too (not errorStore) because the
// core does not say which store failed; the message says it in words.
var errorTags = []struct {
	err error
	tag string
}{
	{api.ErrNoSuchProfile, "userUnknown"},
	{api.ErrLocked, "chatNotStarted"},
	{api.ErrClosed, "chatNotStarted"},
	{api.ErrNotReady, "contactNotReady"},
	{api.ErrOwnLink, "invalidConnReq"},
	{api.ErrNoAddress, "noAddress"},
	{api.ErrHasAddress, "duplicateContactLink"},
	{api.ErrNoSuchContact, "contactNotFound"},
	{api.ErrNoSuchPending, "connectionNotFound"},
	{api.ErrNoSuchRequest, "contactRequestNotFound"},
	{api.ErrNoSuchItem, "chatItemNotFound"},
	{api.ErrNotOwnItem, "invalidChatItemUpdate"},
	{api.ErrTooManyReacts, "commandError"},
	{api.ErrEmptyMessage, "commandError"},
	{api.ErrLastProfile, "cantDeleteLastUser"},
}

// ErrorResponse is the chatCmdError for err:
//
//	{"type":"chatCmdError","chatError":{"type":"error","errorType":{"type":"<tag>","message":"<err>"}}}
//
// Every errorType carries "message" with the core's text, so a bot can
// show it whatever the tag.
func ErrorResponse(err error) *ChatCmdError {
	tag := "commandError"
	var ae *APIError
	var ne *api.NameError
	switch {
	case errors.As(err, &ae):
		tag = ae.Tag
	case errors.As(err, &ne):
		tag = "invalidDisplayName"
	default:
		for _, e := range errorTags {
			if errors.Is(err, e.err) {
				tag = e.tag
				break
			}
		}
	}
	m, _ := json.Marshal(err.Error())
	return &ChatCmdError{ChatError: ChatError{
		Type:      "error",
		ErrorType: &Tagged{Type: tag, Fields: Extra{"message": m}},
	}}
}
