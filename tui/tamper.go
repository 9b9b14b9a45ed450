package tui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"jwtlab/internal/jose"
)

// Tamper and re-sign: x edits the selected header parameter or claim and
// keeps the old signature, so the verdict shows what a verifier sees when
// someone changes a token they cannot sign; S signs the edited token
// again with the loaded key, as the key's holder (or a thief of it) could.

// startEdit opens the edit line on the selected member, its JSON value
// ready to change.
func (m Model) startEdit() (Model, tea.Cmd) {
	c, _, ok := m.selected()
	if m.tok.JWE != nil {
		m.status = "a JWE's header is bound to its ciphertext (RFC 7516 §5.1): without the key an edit cannot be re-encrypted"
		return m, nil
	}
	if !ok {
		m.status = "nothing to edit: select a header parameter or claim with j/k"
		return m, nil
	}
	m.mode, m.status = modeEdit, "" // a new screen: the last status is stale
	// The name on one line, cut to leave the input its half of the line
	// (the full value, f, shows a long name whole).
	m.editInput.Prompt = ansi.Truncate(nameText(c.Name), max(m.width-m.width/2-3, 8), "…") + "> "
	// Escaped, it is the same JSON (controls and bidi marks stand only
	// inside strings, where \uXXXX means the character) but shows as
	// what it is.
	m.editInput.SetValue(Escape(string(compact(c.Value))))
	m.editInput.CursorEnd()
	return m, m.editInput.Focus()
}

func (m Model) onEditKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch msg.Type {
	case tea.KeyEsc:
		m.mode = modeInspect
		m.editInput.Blur()
		return m, nil
	case tea.KeyEnter:
		m.mode = modeInspect
		m.editInput.Blur()
		// The edit can change the layout (a shorter value lets the
		// payload sit beside the header): keep the member in view.
		m.follow = followClaim
		return m.applyEdit(m.editInput.Value()), nil
	}
	var cmd tea.Cmd
	m.editInput, cmd = m.editInput.Update(msg)
	return m, cmd
}

// editValue reads what the user typed: JSON as it is, other text as a
// JSON string (so admin means "admin"), and nothing as "remove it".
func editValue(in string) (value json.RawMessage, remove bool) {
	in = strings.TrimSpace(in)
	if in == "" {
		return nil, true
	}
	if json.Valid([]byte(in)) {
		return compact([]byte(in)), false
	}
	v, _ := json.Marshal(in)
	return v, false
}

// applyEdit replaces (or removes) the selected member and re-encodes its
// segment; the other segments, the signature included, stay as they were.
func (m Model) applyEdit(in string) Model {
	c, param, ok := m.selected()
	if !ok { // startEdit opens no edit line then; nothing to apply
		return m
	}
	t := m.tok
	value, remove := editValue(in)
	at, _ := m.selection()
	members, seg, i := t.Claims, 1, at-len(t.Params)
	if param {
		members, seg, i = t.Params, 0, at
	}
	edited := append([]jose.Claim(nil), members[:i]...)
	if !remove {
		edited = append(edited, jose.Claim{Name: c.Name, Value: value})
	}
	edited = append(edited, members[i+1:]...)
	segs := t.Segments
	segs[seg] = jose.EncodeSegment(jose.EncodeObject(edited))
	tok, err := jose.Parse(strings.Join(segs[:], "."))
	if err != nil {
		m.status = "edit refused: " + err.Error()
		return m
	}
	m = m.showToken(tok)
	m.claim = max(min(m.claim, len(tok.Params)+len(tok.Claims)-1), 0) // a removed last member moves it up
	what := fmt.Sprintf("%s set to %s", nameText(c.Name), Escape(string(value)))
	if remove {
		what = nameText(c.Name) + " removed"
	}
	m.status = what + "; the old signature is kept" + m.signatureNow()
	return m
}

// resign signs the (edited) token again with the loaded key.
func (m Model) resign() Model {
	if m.tok.JWE != nil {
		m.status = "a JWE is encrypted, not signed: there is nothing to re-sign"
		return m
	}
	if len(m.keyset) == 0 {
		m.status = "re-sign needs a key: press e to give the secret or private key"
		return m
	}
	raw, k, err := jose.Resign(m.tok, m.keyset)
	if err != nil {
		m.status = "not re-signed: " + err.Error()
		return m
	}
	tok, err := jose.Parse(raw)
	if err != nil { // cannot happen: the segments parsed a moment ago
		m.status = "not re-signed: " + err.Error()
		return m
	}
	m = m.showToken(tok)
	m.status = fmt.Sprintf("re-signed %s with the %s", Escape(tok.Alg()), k.Kind()) + m.signatureNow()
	return m
}

// signatureNow says in a few words whether the loaded key verifies the
// token now, for the status line after an edit or a re-sign.
func (m Model) signatureNow() string {
	switch {
	case len(m.keyset) == 0:
		return " (no key loaded to check it: e)"
	case m.verifyErr == nil:
		return " · signature: valid"
	case errors.Is(m.verifyErr, jose.ErrSignature):
		return " · signature: INVALID"
	}
	return " · signature: refused (Signature panel says why)"
}

func compact(v []byte) []byte {
	var b bytes.Buffer
	if json.Compact(&b, v) != nil {
		return v
	}
	return b.Bytes()
}

func newEditInput() textinput.Model {
	in := textinput.New()
	in.CharLimit = 0
	return in
}
