//go:build windows

package native

import (
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

func position(ctx any) (int, int, bool) {
	wc, ok := ctx.(driver.WindowsWindowContext)
	if !ok || wc.HWND == 0 {
		return 0, 0, false
	}
	var r rect
	if ret, _, _ := getWindowRect.Call(wc.HWND, uintptr(unsafe.Pointer(&r))); ret == 0 {
		return 0, 0, false
	}
	return int(r.left), int(r.top), true
}

func move(ctx any, x, y int) bool {
	wc, ok := ctx.(driver.WindowsWindowContext)
	if !ok || wc.HWND == 0 {
		return false
	}
	ret, _, _ := setWindowPos.Call(wc.HWND, 0, uintptr(int32(x)), uintptr(int32(y)), 0, 0, swpNoSize|swpNoZOrder|swpNoActivate)
	return ret != 0
}
