// k8s-validate checks rendered Kubernetes manifests (e.g. `helm template` output) offline, against the API types
// of k8s.io/api: every document is decoded strictly into its typed object, as the API server's strict field
// validation does (an unknown or duplicated field, or a value of the wrong type, is an error), then checked with the
// rules of the API's own validation that need no cluster (names, labels, ports, selectors, probes, references
// between the objects of the set).
//
//	helm template ... | k8s-validate [-json] [-allow-kind group/version/Kind]... [FILE]...
//
// Prints one line per object and, apart, the objects the set refers to without defining them (an existing Secret,
// say); exits 1 when a document fails, 2 on bad usage. -json prints the same as one JSON document.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// Report is what -json prints.
type Report struct {
	Objects  []ObjectReport `json:"objects"`
	External []Reference    `json:"external"`
	Errors   []string       `json:"errors"`
}

// ObjectReport is one document of the input.
type ObjectReport struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	Source     string `json:"source,omitempty"`
	// Checked is false for a kind allowed with -allow-kind: it parsed as YAML but has no type here.
	Checked bool `json:"checked"`
	// Valid: no problem of its own (problems between objects are only in Report.Errors).
	Valid bool `json:"valid"`
}

func main() {
	var allowed listFlag
	asJSON := flag.Bool("json", false, "print the report as JSON")
	flag.Var(&allowed, "allow-kind", "group/version/Kind (core: v1/Kind) accepted without a type to check it against (repeatable)")
	flag.Parse()

	inputs, err := readInputs(flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "k8s-validate:", err)
		os.Exit(2)
	}
	report := validate(inputs, allowed)
	if *asJSON {
		out, _ := json.MarshalIndent(report, "", "  ")
		fmt.Println(string(out))
	} else {
		printText(report)
	}
	if len(report.Errors) > 0 {
		os.Exit(1)
	}
}

type input struct {
	name string
	data []byte
}

func readInputs(paths []string) ([]input, error) {
	if len(paths) == 0 {
		data, err := io.ReadAll(os.Stdin)
		return []input{{"stdin", data}}, err
	}
	var inputs []input
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, input{p, data})
	}
	return inputs, nil
}

// document is one YAML document of an input, with where it came from (helm's "# Source:" comment when present).
type document struct {
	source string
	data   []byte
}

func splitDocuments(in input) ([]document, error) {
	reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(in.data)))
	var docs []document
	for i := 1; ; i++ {
		data, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: document %d: %w", in.name, i, err)
		}
		source := fmt.Sprintf("%s#%d", in.name, i)
		for _, line := range strings.Split(string(data), "\n") {
			if s, ok := strings.CutPrefix(line, "# Source: "); ok {
				source = s
				break
			}
		}
		if isBlank(data) {
			continue
		}
		docs = append(docs, document{source, data})
	}
}

// isBlank: only comments and whitespace (helm prints such documents for templates that render nothing).
func isBlank(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if t != "" && !strings.HasPrefix(t, "#") {
			return false
		}
	}
	return true
}

func validate(inputs []input, allowed []string) Report {
	report := Report{Objects: []ObjectReport{}, External: []Reference{}, Errors: []string{}}
	scheme := newScheme()
	strict := kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, scheme, scheme, kjson.SerializerOptions{Yaml: true, Strict: true})
	set := newObjectSet()
	fail := func(source, format string, args ...any) { // a document that is no object of a known kind
		report.Errors = append(report.Errors, fmt.Sprintf("%s: %s", source, fmt.Sprintf(format, args...)))
	}

	for _, in := range inputs {
		docs, err := splitDocuments(in)
		if err != nil {
			report.Errors = append(report.Errors, err.Error())
			continue
		}
		for _, doc := range docs {
			obj, gvk, err := strict.Decode(doc.data, nil, nil)
			if gvk == nil || gvk.Kind == "" || gvk.Version == "" {
				fail(doc.source, "not a Kubernetes object (apiVersion and kind are required): %v", err)
				continue
			}
			if runtime.IsNotRegisteredError(err) {
				if !isAllowed(*gvk, allowed) {
					fail(doc.source, "%s is not a kind this checker knows (allow it with -allow-kind %s)", gvk, kindFlag(*gvk))
					continue
				}
				name := unstructuredName(doc.data)
				report.Objects = append(report.Objects, ObjectReport{gvk.GroupVersion().String(), gvk.Kind, name, doc.source, false, true})
				set.addUnchecked(gvk.Kind, name)
				continue
			}
			var problems []string
			if err != nil {
				// Unknown or duplicate fields (the object is still decoded: its checks run too), or a value of the
				// wrong type (nothing to check further).
				problems = append(problems, fmt.Sprintf("%s: %s: %v", doc.source, gvk.Kind, err))
				if !runtime.IsStrictDecodingError(err) || obj == nil {
					report.Errors = append(report.Errors, problems...)
					continue
				}
			}
			name, objectProblems := set.add(obj, doc.source)
			problems = append(problems, objectProblems...)
			report.Errors = append(report.Errors, problems...)
			report.Objects = append(report.Objects, ObjectReport{gvk.GroupVersion().String(), gvk.Kind, name, doc.source, true, len(problems) == 0})
		}
	}

	report.Errors = append(report.Errors, set.check()...)
	report.External = set.external()
	return report
}

func kindFlag(gvk schema.GroupVersionKind) string {
	return gvk.GroupVersion().String() + "/" + gvk.Kind
}

func isAllowed(gvk schema.GroupVersionKind, allowed []string) bool {
	for _, a := range allowed {
		if a == kindFlag(gvk) {
			return true
		}
	}
	return false
}

// unstructuredName reads metadata.name of a document without a type (still strictly: duplicate keys fail earlier).
func unstructuredName(data []byte) string {
	var meta struct {
		Metadata struct {
			Name string `json:"name"`
		} `json:"metadata"`
	}
	_ = utilyaml.Unmarshal(data, &meta)
	return meta.Metadata.Name
}

func printText(r Report) {
	for _, o := range r.Objects {
		state := "ok"
		if !o.Valid {
			state = "INVALID"
		} else if !o.Checked {
			state = "allowed, not checked"
		}
		fmt.Printf("%-30s %-24s %s: %s\n", o.APIVersion, o.Kind, o.Name, state)
	}
	sort.Slice(r.External, func(i, j int) bool { return r.External[i].String() < r.External[j].String() })
	for _, ref := range r.External {
		fmt.Printf("external %s\n", ref)
	}
	for _, e := range r.Errors {
		fmt.Fprintf(os.Stderr, "error: %s\n", e)
	}
	fmt.Printf("%d objects, %d external references, %d errors\n", len(r.Objects), len(r.External), len(r.Errors))
}
