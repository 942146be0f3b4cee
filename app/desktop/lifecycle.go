package desktop

import "fyne.io/fyne/v2"

// Hooks are app lifecycle callbacks to add; nil ones are skipped.
type Hooks struct {
	Started, EnteredForeground, ExitedForeground func()
}

// lifecycleGetters is what Fyne's lifecycle (driver and test app alike)
// offers beyond fyne.Lifecycle: the callbacks already set.
type lifecycleGetters interface {
	OnStarted() func()
	OnEnteredForeground() func()
	OnExitedForeground() func()
}

// AddLifecycleHooks adds h to lc after the callbacks already set. Fyne keeps
// one callback per event, so a plain Set would silently unhook whoever set
// it first — here the controller, which tracks the foreground to decide
// about notifications, while the app saves geometry and recounts unread
// messages on the same events.
func AddLifecycleHooks(lc fyne.Lifecycle, h Hooks) {
	var prior lifecycleGetters
	if g, ok := lc.(lifecycleGetters); ok {
		prior = g
	}
	chain := func(old func(), add func()) func() {
		if old == nil {
			return add
		}
		return func() { old(); add() }
	}
	get := func(f func() func()) func() {
		if prior == nil {
			return nil
		}
		return f()
	}
	if h.Started != nil {
		lc.SetOnStarted(chain(get(func() func() { return prior.OnStarted() }), h.Started))
	}
	if h.EnteredForeground != nil {
		lc.SetOnEnteredForeground(chain(get(func() func() { return prior.OnEnteredForeground() }), h.EnteredForeground))
	}
	if h.ExitedForeground != nil {
		lc.SetOnExitedForeground(chain(get(func() func() { return prior.OnExitedForeground() }), h.ExitedForeground))
	}
}
