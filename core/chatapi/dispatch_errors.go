package chatapi

import (
	"encoding/json"
	"errors"

	"duplex/core/api"
)

// APIError is an error with the upstream ChatErrorType tag it is reported
// under ("noActiveUser", "invalidConnReq", …). Its text is the message.
type APIError struct {
	Tag    string
	Err    error
	Fields Extra // other members of the errorType (e.g. "contact" for contactNotReady)
}

func (e *APIError) Error() string { return e.Err.Error() }
func (e *APIError) Unwrap() error { return e.Err }

// storeErr is a missing entity, reported as upstream does: chatError
// "errorStore" whose storeError names the entity and its id.
type storeErr struct {
	tag, field string // "contactNotFound", "contactId"
	id         int64
	err        error
}

func (e *storeErr) Error() string { return e.err.Error() }
func (e *storeErr) Unwrap() error { return e.err }

// notFound wraps err as a storeErr when it is the core's "no such …" for
// the entity; other errors pass unchanged.
func notFound(err error, tag, field string, id int64) error {
	for _, e := range errorTags {
		if e.store && e.tag == tag && errors.Is(err, e.err) {
			return &storeErr{tag: tag, field: field, id: id, err: err}
		}
	}
	return err
}

func cmdErr(msg string) error { return &APIError{Tag: "commandError", Err: errors.New(msg)} }

var errNoActiveUser = &APIError{Tag: "noActiveUser", Err: errors.New("no active user: create one with /_create user")}

// errorTags maps core errors to the closest upstream ChatErrorType tag.
// Store misses use the "error" family too (not errorStore) because the
// core does not say which store failed; the message says it in words.
var errorTags = []struct {
	err   error
	tag   string
	store bool // a StoreError tag (chatError "errorStore"), else ChatErrorType
}{
	{api.ErrNoSuchProfile, "userNotFound", true},
	{api.ErrNoSuchContact, "contactNotFound", true},
	{api.ErrNoSuchPending, "pendingConnectionNotFound", true},
	{api.ErrNoSuchRequest, "contactRequestNotFound", true},
	{api.ErrNoSuchItem, "chatItemNotFound", true},
	{api.ErrNoAddress, "userContactLinkNotFound", true},
	{api.ErrHasAddress, "duplicateContactLink", true},
	{api.ErrLocked, "chatNotStarted", false},
	{api.ErrClosed, "chatNotStarted", false},
	{api.ErrNotReady, "contactNotReady", false},
	{api.ErrOwnLink, "invalidConnReq", false},
	{api.ErrNotOwnItem, "invalidChatItemUpdate", false},
	{api.ErrTooManyReacts, "commandError", false},
	{api.ErrEmptyMessage, "commandError", false},
	{api.ErrLastProfile, "cantDeleteLastUser", false},
}

// ErrorResponse is the chatCmdError for err:
//
//	{"type":"chatCmdError","chatError":{"type":"error","errorType":{"type":"<tag>","message":"<err>"}}}
//	{"type":"chatCmdError","chatError":{"type":"errorStore","storeError":{"type":"contactNotFound","contactId":7,"message":"<err>"}}}
//
// Missing entities are store errors, as upstream reports them; the rest
// are ChatErrorType tags. Every one carries "message" with the core's
// text, so a bot can show it whatever the tag.
func ErrorResponse(err error) *ChatCmdError {
	m, _ := json.Marshal(err.Error())
	store := func(tag string, fields Extra) *ChatCmdError {
		fields["message"] = m
		return &ChatCmdError{ChatError: ChatError{Type: "errorStore", StoreError: &Tagged{Type: tag, Fields: fields}}}
	}
	tag := "commandError"
	var ae *APIError
	var se *storeErr
	var ne *api.NameError
	switch {
	case errors.As(err, &se):
		return store(se.tag, Extra{se.field: rawJSON(se.id)})
	case errors.As(err, &ae):
		fields := Extra{"message": m}
		for k, v := range ae.Fields {
			fields[k] = v
		}
		return &ChatCmdError{ChatError: ChatError{Type: "error", ErrorType: &Tagged{Type: ae.Tag, Fields: fields}}}
	case errors.As(err, &ne):
		tag = "invalidDisplayName"
	default:
		for _, e := range errorTags {
			if errors.Is(err, e.err) {
				if e.store {
					return store(e.tag, Extra{})
				}
				tag = e.tag
				break
			}
		}
	}
	return &ChatCmdError{ChatError: ChatError{
		Type:      "error",
		ErrorType: &Tagged{Type: tag, Fields: Extra{"message": m}},
	}}
}
