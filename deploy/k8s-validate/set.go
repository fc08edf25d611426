package main

// The checks between the objects of one set: what an object names (a Service its pods and their ports, an
// Ingress its Service, an HPA its Deployment) must be in the set; a Secret, ConfigMap or ServiceAccount may be
// outside it (made by the operator), and is then listed as an external reference.

import (
	"fmt"
	"sort"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/sets"
)

// Reference is an object one of the set names.
type Reference struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
	From string `json:"from"`
	// Port: a named port of the Service referred to.
	Port string `json:"port,omitempty"`
	// Strict: it must be in the set.
	Strict bool `json:"-"`
}

func (r Reference) String() string { return fmt.Sprintf("%s/%s (from %s)", r.Kind, r.Name, r.From) }

type referenceList []Reference

func (l *referenceList) add(kind, name, from string) {
	*l = append(*l, Reference{Kind: kind, Name: name, From: from})
}

func (l *referenceList) addStrict(kind, name, from string) {
	*l = append(*l, Reference{Kind: kind, Name: name, From: from, Strict: true})
}

func (l *referenceList) addPort(kind, name, port, from string) {
	*l = append(*l, Reference{Kind: kind, Name: name, From: from, Port: port, Strict: true})
}

// mayBeExternal: kinds an operator commonly makes beside a chart.
var mayBeExternal = sets.New("Secret", "ConfigMap", "ServiceAccount", "PersistentVolumeClaim", "ClusterRole")

type entry struct {
	key    string // Kind/name
	source string
	obj    runtime.Object
}

type objectSet struct {
	entries  []entry
	keys     map[string]int
	refs     referenceList
	pods     []podContext
	services []*corev1.Service
}

func newObjectSet() *objectSet { return &objectSet{keys: map[string]int{}} }

// add checks obj and keeps what the checks between objects need; it returns obj's name and problems.
func (s *objectSet) add(obj runtime.Object, source string) (string, []string) {
	kind := obj.GetObjectKind().GroupVersionKind().Kind
	name := ""
	if m, err := meta.Accessor(obj); err == nil {
		name = m.GetName()
	}
	key := kind + "/" + name
	var problems []string
	s.keys[key]++
	if s.keys[key] == 2 {
		problems = append(problems, fmt.Sprintf("%s: %s is defined twice", source, key))
	}
	s.entries = append(s.entries, entry{key, source, obj})

	errs, pods, service := validateObject(kind, obj, &s.refs, key)
	for _, e := range errs {
		problems = append(problems, fmt.Sprintf("%s: %s: %s", source, key, e.Error()))
	}
	if pods != nil {
		s.pods = append(s.pods, *pods)
	}
	if service != nil {
		s.services = append(s.services, service)
	}
	return name, problems
}

func (s *objectSet) addUnchecked(kind, name string) { s.keys[kind+"/"+name]++ }

func (s *objectSet) has(kind, name string) bool { return s.keys[kind+"/"+name] > 0 }

func (s *objectSet) service(name string) *corev1.Service {
	for _, svc := range s.services {
		if svc.Name == name {
			return svc
		}
	}
	return nil
}

// check returns the problems between the objects of the set.
func (s *objectSet) check() []string {
	var problems []string
	for _, r := range s.refs {
		if r.Strict || !mayBeExternal.Has(r.Kind) {
			if !s.has(r.Kind, r.Name) && !(r.Kind == "ServiceAccount" && r.Name == "default") {
				problems = append(problems, fmt.Sprintf("%s names %s/%s, which is not in the set", r.From, r.Kind, r.Name))
				continue
			}
		}
		if r.Port != "" {
			if svc := s.service(r.Name); svc != nil && !hasServicePort(svc, r.Port) {
				problems = append(problems, fmt.Sprintf("%s names port %q of Service/%s, which has no such port", r.From, r.Port, r.Name))
			}
		}
	}
	// A Service selects the pods of some workload of the set, and each named targetPort is a port of those pods.
	for _, svc := range s.services {
		if len(svc.Spec.Selector) == 0 {
			continue // endpoints managed by hand
		}
		selector := labels.SelectorFromSet(svc.Spec.Selector)
		var selected []podContext
		for _, p := range s.pods {
			if selector.Matches(p.labels) {
				selected = append(selected, p)
			}
		}
		if len(selected) == 0 {
			problems = append(problems, fmt.Sprintf("Service/%s selects no pods of the set (selector %s)", svc.Name, selector))
			continue
		}
		for _, port := range svc.Spec.Ports {
			if port.TargetPort.Type != intstr.String {
				continue
			}
			for _, p := range selected {
				if !p.portNames().Has(port.TargetPort.StrVal) {
					problems = append(problems, fmt.Sprintf("Service/%s targets port %q, which the pods of %s do not name", svc.Name, port.TargetPort.StrVal, p.owner))
				}
			}
		}
	}
	return append(problems, s.checkDisruptionBudgets()...)
}

// checkDisruptionBudgets: a PodDisruptionBudget protects the pods of some workload of the set.
func (s *objectSet) checkDisruptionBudgets() []string {
	var problems []string
	for _, e := range s.entries {
		pdb, ok := e.obj.(*policyv1.PodDisruptionBudget)
		if !ok || pdb.Spec.Selector == nil {
			continue
		}
		selector, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector)
		if err != nil {
			continue // reported by the PodDisruptionBudget's own checks
		}
		matched := false
		for _, p := range s.pods {
			matched = matched || selector.Matches(p.labels)
		}
		if !matched {
			problems = append(problems, fmt.Sprintf("%s selects no pods of the set (selector %s)", e.key, selector))
		}
	}
	return problems
}

func hasServicePort(svc *corev1.Service, name string) bool {
	for _, p := range svc.Spec.Ports {
		if p.Name == name {
			return true
		}
	}
	return false
}

// external lists each reference outside the set once per kind and name (with the first object naming it).
func (s *objectSet) external() []Reference {
	seen := map[string]bool{}
	out := []Reference{}
	for _, r := range s.refs {
		key := r.Kind + "/" + r.Name
		if r.Strict || !mayBeExternal.Has(r.Kind) || s.has(r.Kind, r.Name) || seen[key] || (r.Kind == "ServiceAccount" && r.Name == "default") {
			continue
		}
		seen[key] = true
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind+out[i].Name < out[j].Kind+out[j].Name })
	return out
}
