//go:build windows

package native

import (
	"fmt"
	"syscall"
	"unsafe"

	"fyne.io/fyne/v2/driver"
)

var (
	user32        = syscall.NewLazyDLL("user32.dll")
	getWindowRect = user32.NewProc("GetWindowRect")
	setWindowPos  = user32.NewProc("SetWindowPos")
)

const (
	swpNoSize     = 0x0001
	swpNoZOrder   = 0x0004
	swpNoActivate = 0x0010
)

type rect struct{ left, top, right, bottom int32 }

func handle(ctx any) (uintptr, error) {
	wc, ok := ctx.(driver.WindowsWindowContext)
	if !ok {
		return 0, ErrUnsupported
	}
	if wc.HWND == 0 {
		return 0, ErrNoWindow
	}
	return wc.HWND, nil
}

func position(ctx any) (int, int, error) {
	h, err := handle(ctx)
	if err != nil {
		return 0, 0, err
	}
	var r rect
	if ret, _, callErr := getWindowRect.Call(h, uintptr(unsafe.Pointer(&r))); ret == 0 {
		return 0, 0, fmt.Errorf("window position: GetWindowRect: %w", callErr)
	}
	return int(r.left), int(r.top), nil
}

func move(ctx any, x, y int) error {
	h, err := handle(ctx)
	if err != nil {
		return err
	}
	ret, _, callErr := setWindowPos.Call(h, 0, uintptr(int32(x)), uintptr(int32(y)), 0, 0, swpNoSize|swpNoZOrder|swpNoActivate)
	if ret == 0 {
		return fmt.Errorf("window position: SetWindowPos: %w", callErr)
	}
	return nil
}
