// Command oracle answers, with the real Go standard library, the questions the Rust ports in
// crates/rules answer: one JSON request a line on stdin, one JSON verdict a line on stdout,
// in the same order. crates/rules/tests/go_differential.rs builds and drives it.
//
// Requests: {"field": "timeout" | "target_url" | "parse_ip", "input": "<string>"} or
// {"field": "format_duration", "input": <int64>}.
//
// The SlashID rules below are written as the SlashID server applies them (see
// tests/vectors/README.md); keep them in that order.
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode/utf8"
)

type request struct {
	Field string          `json:"field"`
	Input json.RawMessage `json:"input"`
}

type timeoutVerdict struct {
	Parses   bool   `json:"parses"`
	Nanos    *int64 `json:"nanos,omitempty"`
	GoError  string `json:"go_error,omitempty"`
	Accepted bool   `json:"accepted"`
	Reason   string `json:"reason"`
}

// urlFields holds what url.Parse produced. Unescaped parts may hold bytes that are not
// UTF-8, which encoding/json would silently replace: such a field is also given in Hex,
// byte for byte, so that the Rust side compares what Go really holds.
type urlFields struct {
	Scheme      string            `json:"scheme"`
	Opaque      string            `json:"opaque"`
	HasUser     bool              `json:"has_user"`
	Username    string            `json:"username"`
	Password    string            `json:"password"`
	HasPassword bool              `json:"has_password"`
	Host        string            `json:"host"`
	Hostname    string            `json:"hostname"`
	Port        string            `json:"port"`
	Path        string            `json:"path"`
	RawPath     string            `json:"raw_path"`
	ForceQuery  bool              `json:"force_query"`
	RawQuery    string            `json:"raw_query"`
	Fragment    string            `json:"fragment"`
	RawFragment string            `json:"raw_fragment"`
	Hex         map[string]string `json:"hex,omitempty"`
}

type targetURLVerdict struct {
	Accepted bool       `json:"accepted"`
	Reason   string     `json:"reason"`
	GoError  string     `json:"go_error,omitempty"`
	URL      *urlFields `json:"url,omitempty"`
}

type formatVerdict struct {
	Text string `json:"text"`
}

type ipVerdict struct {
	IP *string `json:"ip"`
}

type errorVerdict struct {
	OracleError string `json:"oracle_error"`
}

const maxTimeout = 20 * time.Second

func checkTimeout(s string) timeoutVerdict {
	var v timeoutVerdict
	d, err := time.ParseDuration(s)
	if err != nil {
		v.GoError = err.Error()
	} else {
		v.Parses = true
		n := int64(d)
		v.Nanos = &n
	}
	switch {
	case s == "":
		v.Accepted, v.Reason = true, "empty_default"
	case err != nil:
		v.Reason = "parse_error"
	case d < 0:
		v.Reason = "negative"
	case d > maxTimeout:
		v.Reason = "too_large"
	default:
		v.Accepted, v.Reason = true, "ok"
	}
	return v
}

func fieldsOf(u *url.URL) *urlFields {
	f := &urlFields{
		Scheme:      u.Scheme,
		Opaque:      u.Opaque,
		Host:        u.Host,
		Hostname:    u.Hostname(),
		Port:        u.Port(),
		Path:        u.Path,
		RawPath:     u.RawPath,
		ForceQuery:  u.ForceQuery,
		RawQuery:    u.RawQuery,
		Fragment:    u.Fragment,
		RawFragment: u.RawFragment,
	}
	if u.User != nil {
		f.HasUser = true
		f.Username = u.User.Username()
		f.Password, f.HasPassword = u.User.Password()
	}
	for name, s := range map[string]string{
		"scheme": f.Scheme, "opaque": f.Opaque, "username": f.Username,
		"password": f.Password, "host": f.Host, "hostname": f.Hostname, "port": f.Port,
		"path": f.Path, "raw_path": f.RawPath, "raw_query": f.RawQuery,
		"fragment": f.Fragment, "raw_fragment": f.RawFragment,
	} {
		if !utf8.ValidString(s) {
			if f.Hex == nil {
				f.Hex = map[string]string{}
			}
			f.Hex[name] = hex.EncodeToString([]byte(s))
		}
	}
	return f
}

func checkTargetURL(s string) targetURLVerdict {
	u, err := url.Parse(s)
	if err != nil {
		return targetURLVerdict{Reason: "parse_error", GoError: err.Error()}
	}
	v := targetURLVerdict{URL: fieldsOf(u)}
	switch {
	case u.Scheme != "https":
		v.Reason = "scheme"
	case u.Host == "":
		v.Reason = "no_host"
	case strings.EqualFold(u.Hostname(), "localhost"):
		v.Reason = "localhost"
	case net.ParseIP(u.Hostname()) != nil:
		v.Reason = "ip"
	case u.RawQuery != "" || u.ForceQuery:
		v.Reason = "query"
	case u.Fragment != "":
		v.Reason = "fragment"
	default:
		v.Accepted, v.Reason = true, "ok"
	}
	return v
}

func parseIP(s string) ipVerdict {
	ip := net.ParseIP(s)
	if ip == nil {
		return ipVerdict{}
	}
	h := hex.EncodeToString(ip.To16())
	return ipVerdict{IP: &h}
}

func answer(line []byte) interface{} {
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		return errorVerdict{fmt.Sprintf("bad request: %v", err)}
	}
	if req.Field == "format_duration" {
		var n int64
		if err := json.Unmarshal(req.Input, &n); err != nil {
			return errorVerdict{fmt.Sprintf("bad int64 input: %v", err)}
		}
		return formatVerdict{time.Duration(n).String()}
	}
	var s string
	if err := json.Unmarshal(req.Input, &s); err != nil {
		return errorVerdict{fmt.Sprintf("bad string input: %v", err)}
	}
	switch req.Field {
	case "timeout":
		return checkTimeout(s)
	case "target_url":
		return checkTargetURL(s)
	case "parse_ip":
		return parseIP(s)
	}
	return errorVerdict{fmt.Sprintf("unknown field %q", req.Field)}
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	// Generated and no-panic inputs reach hundreds of kilobytes; a line never gets cut.
	in.Buffer(make([]byte, 1<<20), 256<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		if err := enc.Encode(answer(in.Bytes())); err != nil {
			fmt.Fprintln(os.Stderr, "oracle:", err)
			os.Exit(1)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "oracle:", err)
		os.Exit(1)
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "oracle:", err)
		os.Exit(1)
	}
}
