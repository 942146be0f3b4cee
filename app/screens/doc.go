// Package screens holds the desktop's pages and panes. Screens draw and
// expose OnX callbacks; they never call the core and never decide what
// happens next — app/controller does (the supersonic ui/ split).
//
// pages.go is the one screen table (first run, unlock, shell, welcome,
// chat, new chat, contact info, settings): the controller navigates by it
// and the tests render every entry in light and dark themes against the
// markup under testdata (go test ./app/screens -update, or
// UPDATE_GOLDEN=1 go test ./app/..., rewrites it); SHOTS=dir
// [SHOTS_THEME=dark] go test -run TestShots ./app/screens saves PNGs of
// every page for a look by eye.
//
// Screens hold plain values (api.ChatItem, ChatRow…) and rebuild what
// changed: the chat view keeps one Bubble per item and replaces only the
// bubbles of updated items. It keeps a window of at most KeepItems bubbles
// (chat_window.go): loading older pages drops the newest and the reverse,
// and the position of one message that stays loaded is held on screen, so
// the view does not jump and a scroll step costs the same however long the
// history is. Times are
// shown in Location and "today" is Now(): tests pin both.
package screens
