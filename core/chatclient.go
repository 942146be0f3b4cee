package core

// The contact and chat halves of api.Client: each call goes to the chat
// service, which runs while the database is open (ErrLocked before).

import (
	"context"
	"time"

	"duplex/core/api"
)

// CreateLink implements api.Client.
func (l *Local) CreateLink(ctx context.Context, p api.ProfileID, incognito bool) (api.PendingConnection, error) {
	s, err := l.service()
	if err != nil {
		return api.PendingConnection{}, err
	}
	return s.CreateLink(ctx, p, incognito)
}

// PlanConnect implements api.Client.
func (l *Local) PlanConnect(ctx context.Context, p api.ProfileID, link string) (api.ConnectionPlan, error) {
	s, err := l.service()
	if err != nil {
		return api.ConnectionPlan{}, err
	}
	return s.PlanConnect(ctx, p, link)
}

// Connect implements api.Client.
func (l *Local) Connect(ctx context.Context, p api.ProfileID, link string, incognito bool) (api.ConnectResult, error) {
	s, err := l.service()
	if err != nil {
		return api.ConnectResult{}, err
	}
	return s.Connect(ctx, p, link, incognito)
}

// PendingConnections implements api.Client.
func (l *Local) PendingConnections(ctx context.Context, p api.ProfileID) ([]api.PendingConnection, error) {
	s, err := l.service()
	if err != nil {
		return nil, err
	}
	return s.PendingConnections(ctx, p)
}

// DeletePending implements api.Client.
func (l *Local) DeletePending(ctx context.Context, id api.PendingID) error {
	s, err := l.service()
	if err != nil {
		return err
	}
	return s.DeletePending(ctx, id)
}

// CreateAddress implements api.Client.
func (l *Local) CreateAddress(ctx context.Context, p api.ProfileID) (api.Address, error) {
	s, err := l.service()
	if err != nil {
		return api.Address{}, err
	}
	return s.CreateAddress(ctx, p)
}

// Address implements api.Client.
func (l *Local) Address(ctx context.Context, p api.ProfileID) (api.Address, error) {
	s, err := l.service()
	if err != nil {
		return api.Address{}, err
	}
	return s.Address(ctx, p)
}

// DeleteAddress implements api.Client.
func (l *Local) DeleteAddress(ctx context.Context, p api.ProfileID) error {
	s, err := l.service()
	if err != nil {
		return err
	}
	return s.DeleteAddress(ctx, p)
}

// SetAddressSettings implements api.Client.
func (l *Local) SetAddressSettings(ctx context.Context, p api.ProfileID, autoAccept bool, welcome string) (api.Address, error) {
	s, err := l.service()
	if err != nil {
		return api.Address{}, err
	}
	return s.SetAddressSettings(ctx, p, autoAccept, welcome)
}

// ContactRequests implements api.Client.
func (l *Local) ContactRequests(ctx context.Context, p api.ProfileID) ([]api.ContactRequest, error) {
	s, err := l.service()
	if err != nil {
		return nil, err
	}
	return s.ContactRequests(ctx, p)
}

// AcceptRequest implements api.Client.
func (l *Local) AcceptRequest(ctx context.Context, id api.RequestID, incognito bool) (api.Contact, error) {
	s, err := l.service()
	if err != nil {
		return api.Contact{}, err
	}
	return s.AcceptRequest(ctx, id, incognito)
}

// RejectRequest implements api.Client.
func (l *Local) RejectRequest(ctx context.Context, id api.RequestID) error {
	s, err := l.service()
	if err != nil {
		return err
	}
	return s.RejectRequest(ctx, id)
}

// Contacts implements api.Client.
func (l *Local) Contacts(ctx context.Context, p api.ProfileID) ([]api.Contact, error) {
	s, err := l.service()
	if err != nil {
		return nil, err
	}
	return s.Contacts(ctx, p)
}

// Contact implements api.Client.
func (l *Local) Contact(ctx context.Context, id api.ContactID) (api.Contact, error) {
	s, err := l.service()
	if err != nil {
		return api.Contact{}, err
	}
	return s.Contact(ctx, id)
}

// SetContactAlias implements api.Client.
func (l *Local) SetContactAlias(ctx context.Context, id api.ContactID, alias string) (api.Contact, error) {
	s, err := l.service()
	if err != nil {
		return api.Contact{}, err
	}
	return s.SetContactAlias(ctx, id, alias)
}

// MuteContact implements api.Client.
func (l *Local) MuteContact(ctx context.Context, id api.ContactID, muted bool) error {
	s, err := l.service()
	if err != nil {
		return err
	}
	return s.MuteContact(ctx, id, muted)
}

// DeleteContact implements api.Client.
func (l *Local) DeleteContact(ctx context.Context, id api.ContactID, notify bool) error {
	s, err := l.service()
	if err != nil {
		return err
	}
	return s.DeleteContact(ctx, id, notify)
}

// SecurityCode implements api.Client.
func (l *Local) SecurityCode(ctx context.Context, id api.ContactID) (string, error) {
	s, err := l.service()
	if err != nil {
		return "", err
	}
	return s.SecurityCode(ctx, id)
}

// VerifyContact implements api.Client.
func (l *Local) VerifyContact(ctx context.Context, id api.ContactID, code string) (bool, error) {
	s, err := l.service()
	if err != nil {
		return false, err
	}
	return s.VerifyContact(ctx, id, code)
}

// Chats implements api.Client.
func (l *Local) Chats(ctx context.Context, p api.ProfileID) ([]api.ChatSummary, error) {
	s, err := l.service()
	if err != nil {
		return nil, err
	}
	return s.Chats(ctx, p)
}

// Items implements api.Client.
func (l *Local) Items(ctx context.Context, c api.ContactID, page api.Page) ([]api.ChatItem, error) {
	s, err := l.service()
	if err != nil {
		return nil, err
	}
	return s.Items(ctx, c, page)
}

// Item implements api.Client.
func (l *Local) Item(ctx context.Context, id api.ItemID) (api.ChatItem, error) {
	s, err := l.service()
	if err != nil {
		return api.ChatItem{}, err
	}
	return s.Item(ctx, id)
}

// Send implements api.Client.
func (l *Local) Send(ctx context.Context, c api.ContactID, m api.Compose) (api.ChatItem, error) {
	s, err := l.service()
	if err != nil {
		return api.ChatItem{}, err
	}
	return s.Send(ctx, c, m)
}

// Edit implements api.Client.
func (l *Local) Edit(ctx context.Context, id api.ItemID, text string) (api.ChatItem, error) {
	s, err := l.service()
	if err != nil {
		return api.ChatItem{}, err
	}
	return s.Edit(ctx, id, text)
}

// DeleteItems implements api.Client.
func (l *Local) DeleteItems(ctx context.Context, ids []api.ItemID, mode api.DeleteMode) error {
	s, err := l.service()
	if err != nil {
		return err
	}
	return s.DeleteItems(ctx, ids, mode)
}

// React implements api.Client.
func (l *Local) React(ctx context.Context, id api.ItemID, emoji string, on bool) (api.ChatItem, error) {
	s, err := l.service()
	if err != nil {
		return api.ChatItem{}, err
	}
	return s.React(ctx, id, emoji, on)
}

// MarkRead implements api.Client.
func (l *Local) MarkRead(ctx context.Context, c api.ContactID, upTo api.ItemID) error {
	s, err := l.service()
	if err != nil {
		return err
	}
	return s.MarkRead(ctx, c, upTo)
}

// ClearChat implements api.Client.
func (l *Local) ClearChat(ctx context.Context, c api.ContactID) error {
	s, err := l.service()
	if err != nil {
		return err
	}
	return s.ClearChat(ctx, c)
}

// Search implements api.Client.
func (l *Local) Search(ctx context.Context, p api.ProfileID, c api.ContactID, query string, limit int) ([]api.ChatItem, error) {
	s, err := l.service()
	if err != nil {
		return nil, err
	}
	return s.Search(ctx, p, c, query, limit)
}

// ItemHistory implements api.Client.
func (l *Local) ItemHistory(ctx context.Context, id api.ItemID) ([]api.ItemVersion, error) {
	s, err := l.service()
	if err != nil {
		return nil, err
	}
	return s.ItemHistory(ctx, id)
}

// SetDisappearing implements api.Client.
func (l *Local) SetDisappearing(ctx context.Context, c api.ContactID, ttl time.Duration) (api.Contact, error) {
	s, err := l.service()
	if err != nil {
		return api.Contact{}, err
	}
	return s.SetDisappearing(ctx, c, ttl)
}
