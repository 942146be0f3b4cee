package desktop

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestAddLifecycleHooksKeepsEarlierOnes(t *testing.T) {
	a := test.NewTempApp(t)
	lc := a.Lifecycle()
	var got []string
	lc.SetOnExitedForeground(func() { got = append(got, "controller-exited") })
	lc.SetOnEnteredForeground(func() { got = append(got, "controller-entered") })
	AddLifecycleHooks(lc, Hooks{
		Started:           func() { got = append(got, "app-started") },
		EnteredForeground: func() { got = append(got, "app-entered") },
		ExitedForeground:  func() { got = append(got, "app-exited") },
	})
	g, ok := lc.(lifecycleGetters)
	if !ok {
		t.Fatal("Fyne's lifecycle no longer exposes its callbacks: AddLifecycleHooks would unhook the controller")
	}
	g.OnStarted()()
	g.OnEnteredForeground()()
	g.OnExitedForeground()()
	if s := strings.Join(got, " "); s != "app-started controller-entered app-entered controller-exited app-exited" {
		t.Fatalf("ran %q", s)
	}
}
