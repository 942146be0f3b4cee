//go:build !(linux && !android && !wayland && !ci) && !windows

package native

func position(any) (int, int, bool) { return 0, 0, false }

func move(any, int, int) bool { return false }
