package main

// The checks of pod templates (Deployments, DaemonSets, StatefulSets, Jobs): containers, ports, probes, volumes,
// and the Secrets and ConfigMaps they name.

import (
	"path"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// podContext is what the checks of a pod spec learn for the checks between objects.
type podContext struct {
	owner  string // Kind/name
	labels labels.Set
	spec   *corev1.PodSpec
}

func (p podContext) portNames() sets.Set[string] {
	names := sets.New[string]()
	for _, c := range p.spec.Containers {
		for _, port := range c.Ports {
			if port.Name != "" {
				names.Insert(port.Name)
			}
		}
	}
	return names
}

func validatePodTemplate(t *corev1.PodTemplateSpec, restartPolicies []corev1.RestartPolicy, p *field.Path, refs *referenceList, owner string) field.ErrorList {
	errs := metav1validation.ValidateLabels(t.Labels, p.Child("metadata", "labels"))
	errs = append(errs, apivalidation.ValidateAnnotations(t.Annotations, p.Child("metadata", "annotations"))...)
	return append(errs, validatePodSpec(&t.Spec, restartPolicies, p.Child("spec"), refs, owner)...)
}

func validatePodSpec(spec *corev1.PodSpec, restartPolicies []corev1.RestartPolicy, p *field.Path, refs *referenceList, owner string) field.ErrorList {
	var errs field.ErrorList
	policy := spec.RestartPolicy
	if policy == "" {
		policy = corev1.RestartPolicyAlways
	}
	allowed := false
	for _, r := range restartPolicies {
		allowed = allowed || r == policy
	}
	if !allowed {
		errs = append(errs, field.NotSupported(p.Child("restartPolicy"), policy, restartPolicies))
	}

	volumes := sets.New[string]()
	for i, v := range spec.Volumes {
		vp := p.Child("volumes").Index(i)
		errs = append(errs, invalidMessages(vp.Child("name"), v.Name, validation.IsDNS1123Label(v.Name))...)
		if volumes.Has(v.Name) {
			errs = append(errs, field.Duplicate(vp.Child("name"), v.Name))
		}
		volumes.Insert(v.Name)
		errs = append(errs, validateVolumeSource(&v.VolumeSource, vp, refs, owner)...)
	}

	if len(spec.Containers) == 0 {
		errs = append(errs, field.Required(p.Child("containers"), "at least one container"))
	}
	containerNames := sets.New[string]()
	all := append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...)
	for i := range all {
		c := &all[i]
		cp := p.Child("containers").Index(i)
		if i < len(spec.InitContainers) {
			cp = p.Child("initContainers").Index(i)
		}
		errs = append(errs, invalidMessages(cp.Child("name"), c.Name, validation.IsDNS1123Label(c.Name))...)
		if containerNames.Has(c.Name) {
			errs = append(errs, field.Duplicate(cp.Child("name"), c.Name))
		}
		containerNames.Insert(c.Name)
		if strings.TrimSpace(c.Image) == "" {
			errs = append(errs, field.Required(cp.Child("image"), ""))
		}
		errs = append(errs, validateContainer(c, cp, volumes, refs, owner)...)
	}

	if spec.ServiceAccountName != "" {
		errs = append(errs, invalidMessages(p.Child("serviceAccountName"), spec.ServiceAccountName, validation.IsDNS1123Subdomain(spec.ServiceAccountName))...)
		refs.add("ServiceAccount", spec.ServiceAccountName, owner)
	}
	for i, s := range spec.ImagePullSecrets {
		if s.Name == "" {
			errs = append(errs, field.Required(p.Child("imagePullSecrets").Index(i).Child("name"), ""))
		} else {
			refs.add("Secret", s.Name, owner)
		}
	}
	if sc := spec.SecurityContext; sc != nil {
		if sc.RunAsUser != nil {
			errs = append(errs, invalidMessages(p.Child("securityContext", "runAsUser"), *sc.RunAsUser, validation.IsValidUserID(*sc.RunAsUser))...)
		}
		if sc.RunAsGroup != nil {
			errs = append(errs, invalidMessages(p.Child("securityContext", "runAsGroup"), *sc.RunAsGroup, validation.IsValidGroupID(*sc.RunAsGroup))...)
		}
		if sc.FSGroup != nil {
			errs = append(errs, invalidMessages(p.Child("securityContext", "fsGroup"), *sc.FSGroup, validation.IsValidGroupID(*sc.FSGroup))...)
		}
	}
	for i, t := range spec.Tolerations {
		tp := p.Child("tolerations").Index(i)
		if t.Operator == corev1.TolerationOpExists && t.Value != "" {
			errs = append(errs, field.Invalid(tp.Child("value"), t.Value, "must be empty when operator is Exists"))
		}
		if t.Key != "" {
			errs = append(errs, metav1validation.ValidateLabelName(t.Key, tp.Child("key"))...)
		}
	}
	for k, v := range spec.NodeSelector {
		errs = append(errs, metav1validation.ValidateLabels(map[string]string{k: v}, p.Child("nodeSelector"))...)
	}
	return errs
}

func validateVolumeSource(v *corev1.VolumeSource, p *field.Path, refs *referenceList, owner string) field.ErrorList {
	var errs field.ErrorList
	sources := 0
	if v.Secret != nil {
		sources++
		refs.add("Secret", v.Secret.SecretName, owner)
		errs = append(errs, validateKeyPaths(v.Secret.Items, p.Child("secret", "items"))...)
	}
	if v.ConfigMap != nil {
		sources++
		refs.add("ConfigMap", v.ConfigMap.Name, owner)
		errs = append(errs, validateKeyPaths(v.ConfigMap.Items, p.Child("configMap", "items"))...)
	}
	if v.Projected != nil {
		sources++
		paths := sets.New[string]()
		for i, s := range v.Projected.Sources {
			sp := p.Child("projected", "sources").Index(i)
			var items []corev1.KeyToPath
			switch {
			case s.Secret != nil:
				refs.add("Secret", s.Secret.Name, owner)
				items = s.Secret.Items
			case s.ConfigMap != nil:
				refs.add("ConfigMap", s.ConfigMap.Name, owner)
				items = s.ConfigMap.Items
			}
			errs = append(errs, validateKeyPaths(items, sp.Child("items"))...)
			for j, item := range items {
				if paths.Has(item.Path) {
					errs = append(errs, field.Duplicate(sp.Child("items").Index(j).Child("path"), item.Path))
				}
				paths.Insert(item.Path)
			}
		}
	}
	if v.PersistentVolumeClaim != nil {
		sources++
		refs.add("PersistentVolumeClaim", v.PersistentVolumeClaim.ClaimName, owner)
	}
	if v.HostPath != nil {
		sources++
		if !path.IsAbs(v.HostPath.Path) {
			errs = append(errs, field.Invalid(p.Child("hostPath", "path"), v.HostPath.Path, "must be an absolute path"))
		}
	}
	for _, set := range []bool{v.EmptyDir != nil, v.DownwardAPI != nil, v.CSI != nil, v.Ephemeral != nil, v.NFS != nil, v.Image != nil} {
		if set {
			sources++
		}
	}
	if sources != 1 {
		errs = append(errs, field.Invalid(p, sources, "exactly one volume source must be given"))
	}
	return errs
}

func validateKeyPaths(items []corev1.KeyToPath, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, item := range items {
		errs = append(errs, invalidMessages(p.Index(i).Child("key"), item.Key, validation.IsConfigMapKey(item.Key))...)
		if item.Path == "" || path.IsAbs(item.Path) || strings.Contains(item.Path, "..") {
			errs = append(errs, field.Invalid(p.Index(i).Child("path"), item.Path, "must be a relative path without '..'"))
		}
	}
	return errs
}

func validateContainer(c *corev1.Container, p *field.Path, volumes sets.Set[string], refs *referenceList, owner string) field.ErrorList {
	var errs field.ErrorList
	own := sets.New[string]()
	for i, port := range c.Ports {
		pp := p.Child("ports").Index(i)
		if port.Name != "" {
			errs = append(errs, invalidMessages(pp.Child("name"), port.Name, validation.IsValidPortName(port.Name))...)
			// Unique within the container (the API allows the same name in two containers of a pod).
			if own.Has(port.Name) {
				errs = append(errs, field.Duplicate(pp.Child("name"), port.Name))
			}
			own.Insert(port.Name)
		}
		errs = append(errs, invalidMessages(pp.Child("containerPort"), port.ContainerPort, validation.IsValidPortNum(int(port.ContainerPort)))...)
		if port.Protocol != "" && port.Protocol != corev1.ProtocolTCP && port.Protocol != corev1.ProtocolUDP && port.Protocol != corev1.ProtocolSCTP {
			errs = append(errs, field.NotSupported(pp.Child("protocol"), port.Protocol, []corev1.Protocol{corev1.ProtocolTCP, corev1.ProtocolUDP, corev1.ProtocolSCTP}))
		}
	}
	envNames := sets.New[string]()
	for i, e := range c.Env {
		ep := p.Child("env").Index(i)
		errs = append(errs, invalidMessages(ep.Child("name"), e.Name, validation.IsRelaxedEnvVarName(e.Name))...)
		envNames.Insert(e.Name)
		if e.ValueFrom != nil {
			if e.Value != "" {
				errs = append(errs, field.Invalid(ep.Child("valueFrom"), "", "may not be specified when `value` is not empty"))
			}
			if r := e.ValueFrom.SecretKeyRef; r != nil {
				errs = append(errs, validateKeyRef(r.Name, r.Key, ep.Child("valueFrom", "secretKeyRef"))...)
				refs.add("Secret", r.Name, owner)
			}
			if r := e.ValueFrom.ConfigMapKeyRef; r != nil {
				errs = append(errs, validateKeyRef(r.Name, r.Key, ep.Child("valueFrom", "configMapKeyRef"))...)
				refs.add("ConfigMap", r.Name, owner)
			}
		}
	}
	for i, e := range c.EnvFrom {
		ep := p.Child("envFrom").Index(i)
		switch {
		case e.SecretRef != nil && e.ConfigMapRef == nil:
			refs.add("Secret", e.SecretRef.Name, owner)
		case e.ConfigMapRef != nil && e.SecretRef == nil:
			refs.add("ConfigMap", e.ConfigMapRef.Name, owner)
		default:
			errs = append(errs, field.Invalid(ep, "", "exactly one of configMapRef and secretRef"))
		}
	}
	mountPaths := sets.New[string]()
	for i, m := range c.VolumeMounts {
		mp := p.Child("volumeMounts").Index(i)
		if !volumes.Has(m.Name) {
			errs = append(errs, field.NotFound(mp.Child("name"), m.Name))
		}
		if !path.IsAbs(m.MountPath) {
			errs = append(errs, field.Invalid(mp.Child("mountPath"), m.MountPath, "must be an absolute path"))
		}
		if mountPaths.Has(m.MountPath) {
			errs = append(errs, field.Duplicate(mp.Child("mountPath"), m.MountPath))
		}
		mountPaths.Insert(m.MountPath)
	}
	for name, probe := range map[string]*corev1.Probe{"livenessProbe": c.LivenessProbe, "readinessProbe": c.ReadinessProbe, "startupProbe": c.StartupProbe} {
		if probe != nil {
			errs = append(errs, validateProbe(probe, own, p.Child(name))...)
		}
	}
	if c.LivenessProbe != nil && c.LivenessProbe.SuccessThreshold > 1 {
		errs = append(errs, field.Invalid(p.Child("livenessProbe", "successThreshold"), c.LivenessProbe.SuccessThreshold, "must be 1"))
	}
	for name, limit := range c.Resources.Limits {
		if request, ok := c.Resources.Requests[name]; ok && request.Cmp(limit) > 0 {
			errs = append(errs, field.Invalid(p.Child("resources", "requests").Key(string(name)), request.String(), "must be less than or equal to the limit "+limit.String()))
		}
	}
	for name, q := range c.Resources.Requests {
		if q.Sign() < 0 {
			errs = append(errs, field.Invalid(p.Child("resources", "requests").Key(string(name)), q.String(), "must be greater than or equal to 0"))
		}
	}
	if sc := c.SecurityContext; sc != nil {
		if sc.Privileged != nil && *sc.Privileged && sc.AllowPrivilegeEscalation != nil && !*sc.AllowPrivilegeEscalation {
			errs = append(errs, field.Invalid(p.Child("securityContext"), "", "cannot set allowPrivilegeEscalation to false and privileged to true"))
		}
		if sc.RunAsUser != nil {
			errs = append(errs, invalidMessages(p.Child("securityContext", "runAsUser"), *sc.RunAsUser, validation.IsValidUserID(*sc.RunAsUser))...)
		}
	}
	return errs
}

func validateKeyRef(name, key string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if name == "" {
		errs = append(errs, field.Required(p.Child("name"), ""))
	}
	if key == "" {
		errs = append(errs, field.Required(p.Child("key"), ""))
	} else {
		errs = append(errs, invalidMessages(p.Child("key"), key, validation.IsConfigMapKey(key))...)
	}
	return errs
}

func validateProbe(probe *corev1.Probe, containerPorts sets.Set[string], p *field.Path) field.ErrorList {
	var errs field.ErrorList
	handlers := 0
	checkPort := func(port intstr.IntOrString, pp *field.Path) {
		if port.Type == intstr.String {
			if !containerPorts.Has(port.StrVal) {
				errs = append(errs, field.NotFound(pp, port.StrVal))
			}
		} else {
			errs = append(errs, invalidMessages(pp, port.IntVal, validation.IsValidPortNum(int(port.IntVal)))...)
		}
	}
	if h := probe.HTTPGet; h != nil {
		handlers++
		checkPort(h.Port, p.Child("httpGet", "port"))
		if h.Path != "" && !strings.HasPrefix(h.Path, "/") {
			errs = append(errs, field.Invalid(p.Child("httpGet", "path"), h.Path, "must start with /"))
		}
	}
	if t := probe.TCPSocket; t != nil {
		handlers++
		checkPort(t.Port, p.Child("tcpSocket", "port"))
	}
	if probe.Exec != nil {
		handlers++
		if len(probe.Exec.Command) == 0 {
			errs = append(errs, field.Required(p.Child("exec", "command"), ""))
		}
	}
	if probe.GRPC != nil {
		handlers++
	}
	if handlers != 1 {
		errs = append(errs, field.Invalid(p, handlers, "exactly one handler (httpGet, tcpSocket, exec, grpc) must be given"))
	}
	for name, v := range map[string]int32{"initialDelaySeconds": probe.InitialDelaySeconds, "timeoutSeconds": probe.TimeoutSeconds,
		"periodSeconds": probe.PeriodSeconds, "successThreshold": probe.SuccessThreshold, "failureThreshold": probe.FailureThreshold} {
		if v < 0 {
			errs = append(errs, field.Invalid(p.Child(name), v, "must be greater than or equal to 0"))
		}
	}
	return errs
}
