package chatapi

import (
	"errors"
	"fmt"
	"testing"

	"duplex/core/api"
)

func TestErrorResponse(t *testing.T) {
	cases := []struct {
		err          error
		family, tag  string
		field, value string
	}{
		{api.ErrNoSuchContact, "errorStore", "contactNotFound", "", ""},
		{notFound(fmt.Errorf("load: %w", api.ErrNoSuchContact), "contactNotFound", "contactId", 7), "errorStore", "contactNotFound", "contactId", "7"},
		{notFound(api.ErrNoSuchItem, "chatItemNotFound", "itemId", 9), "errorStore", "chatItemNotFound", "itemId", "9"},
		{notFound(api.ErrLocked, "contactNotFound", "contactId", 7), "error", "chatNotStarted", "", ""}, // not a miss: unchanged
		{api.ErrNoAddress, "errorStore", "userContactLinkNotFound", "", ""},
		{fmt.Errorf("x: %w", api.ErrWrongPassphrase), "error", "commandError", "", ""},
		{&api.NameError{Reason: "spaces"}, "error", "invalidDisplayName", "", ""},
		{api.ErrLastProfile, "error", "cantDeleteLastUser", "", ""},
		{&APIError{Tag: "contactNotReady", Err: api.ErrNotReady, Fields: Extra{"contact": []byte(`{"contactId":3}`)}}, "error", "contactNotReady", "contact", `{"contactId":3}`},
		{errors.New("disk on fire"), "error", "commandError", "", ""},
	}
	for _, c := range cases {
		r := ErrorResponse(c.err)
		et := r.ChatError.ErrorType
		if r.ChatError.Type == "errorStore" {
			et = r.ChatError.StoreError
		}
		if r.ChatError.Type != c.family || et == nil || et.Type != c.tag {
			t.Errorf("%v → %+v", c.err, r.ChatError)
			continue
		}
		if string(et.Fields["message"]) != fmt.Sprintf("%q", c.err.Error()) {
			t.Errorf("%v: message %s", c.err, et.Fields["message"])
		}
		if c.field != "" && string(et.Fields[c.field]) != c.value {
			t.Errorf("%v: %s = %s, want %s", c.err, c.field, et.Fields[c.field], c.value)
		}
		if _, err := EncodeResponse(r); err != nil {
			t.Errorf("%v: %v", c.err, err)
		}
	}
}
