package core

// TEMPORARY: the methods below exist so that the tree compiles while the chat
// service is written; each is replaced by its real implementation and this
// file is deleted when the last one is.

import (
	"context"
	"errors"
	"time"

	"duplex/core/api"
)

var errUnimplemented = errors.New("not available yet in this build")

func (l *Local) CreateLink(ctx context.Context, p api.ProfileID, incognito bool) (api.PendingConnection, error) {
	return api.PendingConnection{}, errUnimplemented
}

func (l *Local) PlanConnect(ctx context.Context, p api.ProfileID, link string) (api.ConnectionPlan, error) {
	return api.ConnectionPlan{}, errUnimplemented
}

func (l *Local) Connect(ctx context.Context, p api.ProfileID, link string, incognito bool) (api.ConnectResult, error) {
	return api.ConnectResult{}, errUnimplemented
}

func (l *Local) PendingConnections(ctx context.Context, p api.ProfileID) ([]api.PendingConnection, error) {
	return nil, errUnimplemented
}

func (l *Local) DeletePending(ctx context.Context, id api.PendingID) error { return errUnimplemented }

func (l *Local) CreateAddress(ctx context.Context, p api.ProfileID) (api.Address, error) {
	return api.Address{}, errUnimplemented
}

func (l *Local) Address(ctx context.Context, p api.ProfileID) (api.Address, error) {
	return api.Address{}, errUnimplemented
}

func (l *Local) DeleteAddress(ctx context.Context, p api.ProfileID) error { return errUnimplemented }

func (l *Local) SetAddressSettings(ctx context.Context, p api.ProfileID, autoAccept bool, welcome string) (api.Address, error) {
	return api.Address{}, errUnimplemented
}

func (l *Local) ContactRequests(ctx context.Context, p api.ProfileID) ([]api.ContactRequest, error) {
	return nil, errUnimplemented
}

func (l *Local) AcceptRequest(ctx context.Context, id api.RequestID, incognito bool) (api.Contact, error) {
	return api.Contact{}, errUnimplemented
}

func (l *Local) RejectRequest(ctx context.Context, id api.RequestID) error { return errUnimplemented }

func (l *Local) Contacts(ctx context.Context, p api.ProfileID) ([]api.Contact, error) {
	return nil, errUnimplemented
}

func (l *Local) Contact(ctx context.Context, id api.ContactID) (api.Contact, error) {
	return api.Contact{}, errUnimplemented
}

func (l *Local) SetContactAlias(ctx context.Context, id api.ContactID, alias string) (api.Contact, error) {
	return api.Contact{}, errUnimplemented
}

func (l *Local) MuteContact(ctx context.Context, id api.ContactID, muted bool) error {
	return errUnimplemented
}

func (l *Local) DeleteContact(ctx context.Context, id api.ContactID, notify bool) error {
	return errUnimplemented
}

func (l *Local) SecurityCode(ctx context.Context, id api.ContactID) (string, error) {
	return "", errUnimplemented
}

func (l *Local) VerifyContact(ctx context.Context, id api.ContactID, code string) (bool, error) {
	return false, errUnimplemented
}

func (l *Local) Chats(ctx context.Context, p api.ProfileID) ([]api.ChatSummary, error) {
	return nil, errUnimplemented
}

func (l *Local) Items(ctx context.Context, c api.ContactID, page api.Page) ([]api.ChatItem, error) {
	return nil, errUnimplemented
}

func (l *Local) Item(ctx context.Context, id api.ItemID) (api.ChatItem, error) {
	return api.ChatItem{}, errUnimplemented
}

func (l *Local) Send(ctx context.Context, c api.ContactID, m api.Compose) (api.ChatItem, error) {
	return api.ChatItem{}, errUnimplemented
}

func (l *Local) Edit(ctx context.Context, id api.ItemID, text string) (api.ChatItem, error) {
	return api.ChatItem{}, errUnimplemented
}

func (l *Local) DeleteItems(ctx context.Context, ids []api.ItemID, mode api.DeleteMode) error {
	return errUnimplemented
}

func (l *Local) React(ctx context.Context, id api.ItemID, emoji string, on bool) (api.ChatItem, error) {
	return api.ChatItem{}, errUnimplemented
}

func (l *Local) MarkRead(ctx context.Context, c api.ContactID, upTo api.ItemID) error {
	return errUnimplemented
}

func (l *Local) ClearChat(ctx context.Context, c api.ContactID) error { return errUnimplemented }

func (l *Local) Search(ctx context.Context, p api.ProfileID, c api.ContactID, query string, limit int) ([]api.ChatItem, error) {
	return nil, errUnimplemented
}

func (l *Local) ItemHistory(ctx context.Context, id api.ItemID) ([]api.ItemVersion, error) {
	return nil, errUnimplemented
}

func (l *Local) SetDisappearing(ctx context.Context, c api.ContactID, ttl time.Duration) (api.Contact, error) {
	return api.Contact{}, errUnimplemented
}

func (l *Local) Watch(ctx context.Context, mask api.EventMask) (<-chan api.Event, error) {
	return nil, errUnimplemented
}
