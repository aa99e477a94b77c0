package dashboard_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// browser drives headless Chromium through the Chrome DevTools Protocol over
// --remote-debugging-pipe (fd 3 in, fd 4 out, NUL-separated JSON): a real browser, no
// driver binary and no dependency. Every console error and security report is collected.
type browser struct {
	t       *testing.T
	cmd     *exec.Cmd
	in      *os.File // our end of Chromium's fd 3
	mu      sync.Mutex
	nextID  int
	waiting map[int]chan cdpMessage
	events  chan cdpMessage
	session string
	console []string
}

type cdpMessage struct {
	ID        int                       `json:"id,omitempty"`
	Method    string                    `json:"method,omitempty"`
	Params    json.RawMessage           `json:"params,omitempty"`
	Result    json.RawMessage           `json:"result,omitempty"`
	Error     *struct{ Message string } `json:"error,omitempty"`
	SessionID string                    `json:"sessionId,omitempty"`
}

// newBrowser starts Chromium with one page. It is closed when the test ends.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	cmdIn, ourIn, err := os.Pipe() // Chromium reads commands from fd 3
	if err != nil {
		t.Fatal(err)
	}
	ourOut, cmdOut, err := os.Pipe() // and writes responses to fd 4
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(chromiumPath(t),
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--ignore-certificate-errors", "--remote-debugging-pipe",
		"--user-data-dir="+t.TempDir(), "about:blank")
	cmd.ExtraFiles = []*os.File{cmdIn, cmdOut}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	cmdIn.Close()
	cmdOut.Close()
	b := &browser{t: t, cmd: cmd, in: ourIn, waiting: map[int]chan cdpMessage{}, events: make(chan cdpMessage, 1024)}
	go b.read(ourOut)
	t.Cleanup(func() {
		b.call("", "Browser.close", nil)
		ourIn.Close()
		cmd.Wait()
	})
	var target struct{ TargetID string }
	b.decode(b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}), &target)
	var attached struct{ SessionID string }
	b.decode(b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}), &attached)
	b.session = attached.SessionID
	for _, m := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		b.call(b.session, m, nil)
	}
	return b
}

func (b *browser) read(out *os.File) {
	r := bufio.NewReader(out)
	for {
		raw, err := r.ReadBytes(0)
		if err != nil {
			b.mu.Lock()
			for _, ch := range b.waiting {
				close(ch)
			}
			b.waiting = map[int]chan cdpMessage{}
			b.mu.Unlock()
			return
		}
		var m cdpMessage
		if json.Unmarshal(bytes.TrimSuffix(raw, []byte{0}), &m) != nil {
			continue
		}
		if m.ID != 0 {
			b.mu.Lock()
			ch := b.waiting[m.ID]
			delete(b.waiting, m.ID)
			b.mu.Unlock()
			if ch != nil {
				ch <- m
			}
			continue
		}
		b.record(m)
		select {
		case b.events <- m:
		default: // nobody waits for events now: keep only what record() kept
		}
	}
}

// record keeps console errors, uncaught exceptions and security reports (CSP violations).
func (b *browser) record(m cdpMessage) {
	var line string
	switch m.Method {
	case "Runtime.exceptionThrown":
		line = "exception: " + string(m.Params)
	case "Runtime.consoleAPICalled":
		var p struct{ Type string }
		json.Unmarshal(m.Params, &p)
		if p.Type == "error" || p.Type == "warning" {
			line = "console " + p.Type + ": " + string(m.Params)
		}
	case "Log.entryAdded":
		var p struct {
			Entry struct{ Level, Source, Text string }
		}
		json.Unmarshal(m.Params, &p)
		if p.Entry.Level == "error" || p.Entry.Source == "security" {
			line = p.Entry.Source + ": " + p.Entry.Text
		}
	}
	if line != "" {
		b.mu.Lock()
		b.console = append(b.console, line)
		b.mu.Unlock()
	}
}

// call sends one command and waits for its answer.
func (b *browser) call(session, method string, params any) json.RawMessage {
	b.t.Helper()
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	ch := make(chan cdpMessage, 1)
	b.waiting[id] = ch
	b.mu.Unlock()
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	raw, _ := json.Marshal(msg)
	if _, err := b.in.Write(append(raw, 0)); err != nil {
		b.t.Fatalf("CDP %s: %v", method, err)
	}
	m, ok := <-ch
	if !ok {
		b.t.Fatalf("CDP %s: browser closed", method)
	}
	if m.Error != nil {
		b.t.Fatalf("CDP %s: %s", method, m.Error.Message)
	}
	return m.Result
}

func (b *browser) decode(raw json.RawMessage, v any) {
	b.t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		b.t.Fatalf("decoding CDP result %s: %v", raw, err)
	}
}

// eval runs a JavaScript expression in the page and returns its value as JSON.
func (b *browser) eval(expr string) json.RawMessage {
	b.t.Helper()
	var res struct {
		Result           struct{ Value json.RawMessage }
		ExceptionDetails *struct{ Text string }
	}
	b.decode(b.call(b.session, "Runtime.evaluate", map[string]any{
		"expression": expr, "returnByValue": true, "awaitPromise": true}), &res)
	if res.ExceptionDetails != nil {
		b.t.Fatalf("evaluating %q: %s", expr, res.ExceptionDetails.Text)
	}
	return res.Result.Value
}

func (b *browser) evalString(expr string) string {
	b.t.Helper()
	var s string
	b.decode(b.eval(expr), &s)
	return s
}

// waitFor polls a JavaScript condition until it is true. There is no time limit: a page
// that never gets there hangs the test, which go test's own -timeout reports with a stack.
func (b *browser) waitFor(cond string) {
	b.t.Helper()
	for {
		var ok bool
		if json.Unmarshal(b.eval("!!("+cond+")"), &ok) == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// open navigates to url and waits until the new document (after any redirects) has loaded.
func (b *browser) open(url string) {
	b.t.Helper()
	b.eval(`window.__populaceOld = true`)
	b.call(b.session, "Page.navigate", map[string]any{"url": url})
	b.waitFor(`!window.__populaceOld && document.readyState === "complete"`)
}

// submit fills a form's fields by element id and submits it, waiting for the next page.
func (b *browser) submit(formSelector string, fields map[string]string) {
	b.t.Helper()
	if fields == nil {
		fields = map[string]string{}
	}
	js, _ := json.Marshal(fields)
	b.eval(fmt.Sprintf(`(() => {
		window.__populaceOld = true;
		const f = document.querySelector(%q);
		for (const [id, v] of Object.entries(%s)) { const e = document.getElementById(id); e.value = v; }
		f.requestSubmit();
	})()`, formSelector, js))
	b.waitFor(`!window.__populaceOld && document.readyState === "complete"`)
}

// html is the DOM after scripts ran.
func (b *browser) html() string { return b.evalString(`document.documentElement.outerHTML`) }

// text is the visible text of the page.
func (b *browser) text() string { return b.evalString(`document.body.innerText`) }

// consoleErrors returns and clears the console errors and security reports seen so far.
func (b *browser) consoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.console
	b.console = nil
	return out
}

// screenshot saves a PNG of the page.
func (b *browser) screenshot(path string) {
	b.t.Helper()
	var res struct{ Data []byte }
	b.decode(b.call(b.session, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true}), &res)
	if err := os.WriteFile(path, res.Data, 0o644); err != nil {
		b.t.Fatal(err)
	}
}
