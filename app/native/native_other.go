//go:build !(linux && !android && !wayland && !ci) && !windows

package native

func position(any) (int, int, error) { return 0, 0, ErrUnsupported }

func move(any, int, int) error { return ErrUnsupported }
