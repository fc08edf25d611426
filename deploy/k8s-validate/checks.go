package main

// The checks of the API server's validation that need no cluster, written after its rules (k8s.io/kubernetes
// pkg/apis/*/validation), using apimachinery's own validators for names, labels, annotations and selectors.

import (
	"path"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// clusterScoped kinds carry no namespace.
var clusterScoped = sets.New("Namespace", "ClusterRole", "ClusterRoleBinding", "StorageClass", "PriorityClass", "PersistentVolume",
	"RuntimeClass", "CertificateSigningRequest", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")

func validateMeta(kind string, m metav1.ObjectMeta, nameFn apivalidation.ValidateNameFunc) field.ErrorList {
	namespaced := !clusterScoped.Has(kind)
	if namespaced && m.Namespace == "" {
		m.Namespace = "default" // the release's namespace, filled in by the client
	}
	return apivalidation.ValidateObjectMeta(&m, namespaced, nameFn, field.NewPath("metadata"))
}

func invalidMessages(p *field.Path, value any, msgs []string) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range msgs {
		errs = append(errs, field.Invalid(p, value, msg))
	}
	return errs
}

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

func validateSelector(selector *metav1.LabelSelector, template map[string]string, p *field.Path) field.ErrorList {
	if selector == nil || (len(selector.MatchLabels) == 0 && len(selector.MatchExpressions) == 0) {
		return field.ErrorList{field.Required(p, "a non-empty selector is required")}
	}
	errs := metav1validation.ValidateLabelSelector(selector, metav1validation.LabelSelectorValidationOptions{}, p)
	if len(errs) > 0 {
		return errs
	}
	s, err := metav1.LabelSelectorAsSelector(selector)
	if err != nil {
		return field.ErrorList{field.Invalid(p, selector, err.Error())}
	}
	if template != nil && !s.Matches(labels.Set(template)) {
		errs = append(errs, field.Invalid(p, selector, "selector does not match the pod template's labels"))
	}
	return errs
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

func validateServicePorts(s *corev1.Service) field.ErrorList {
	var errs field.ErrorList
	p := field.NewPath("spec", "ports")
	if len(s.Spec.Ports) == 0 && s.Spec.Type != corev1.ServiceTypeExternalName && s.Spec.ClusterIP != corev1.ClusterIPNone {
		errs = append(errs, field.Required(p, ""))
	}
	names := sets.New[string]()
	for i, port := range s.Spec.Ports {
		pp := p.Index(i)
		if len(s.Spec.Ports) > 1 && port.Name == "" {
			errs = append(errs, field.Required(pp.Child("name"), "a name is required when a Service has more than one port"))
		}
		if port.Name != "" {
			errs = append(errs, invalidMessages(pp.Child("name"), port.Name, validation.IsDNS1123Label(port.Name))...)
			if names.Has(port.Name) {
				errs = append(errs, field.Duplicate(pp.Child("name"), port.Name))
			}
			names.Insert(port.Name)
		}
		errs = append(errs, invalidMessages(pp.Child("port"), port.Port, validation.IsValidPortNum(int(port.Port)))...)
		if port.TargetPort.Type == intstr.String {
			errs = append(errs, invalidMessages(pp.Child("targetPort"), port.TargetPort.StrVal, validation.IsValidPortName(port.TargetPort.StrVal))...)
		}
	}
	switch s.Spec.Type {
	case "", corev1.ServiceTypeClusterIP, corev1.ServiceTypeNodePort, corev1.ServiceTypeLoadBalancer, corev1.ServiceTypeExternalName:
	default:
		errs = append(errs, field.NotSupported(field.NewPath("spec", "type"), s.Spec.Type, []corev1.ServiceType{corev1.ServiceTypeClusterIP,
			corev1.ServiceTypeNodePort, corev1.ServiceTypeLoadBalancer, corev1.ServiceTypeExternalName}))
	}
	return errs
}

func validateHPA(h *autoscalingv2.HorizontalPodAutoscaler) field.ErrorList {
	var errs field.ErrorList
	p := field.NewPath("spec")
	min := int32(1)
	if h.Spec.MinReplicas != nil {
		min = *h.Spec.MinReplicas
		if min < 1 {
			errs = append(errs, field.Invalid(p.Child("minReplicas"), min, "must be greater than or equal to 1"))
		}
	}
	if h.Spec.MaxReplicas < min {
		errs = append(errs, field.Invalid(p.Child("maxReplicas"), h.Spec.MaxReplicas, "must be greater than or equal to minReplicas"))
	}
	if h.Spec.ScaleTargetRef.Kind == "" || h.Spec.ScaleTargetRef.Name == "" {
		errs = append(errs, field.Required(p.Child("scaleTargetRef"), "kind and name"))
	}
	for i, m := range h.Spec.Metrics {
		mp := p.Child("metrics").Index(i)
		if m.Type == autoscalingv2.ResourceMetricSourceType {
			if m.Resource == nil {
				errs = append(errs, field.Required(mp.Child("resource"), ""))
				continue
			}
			t := m.Resource.Target
			switch t.Type {
			case autoscalingv2.UtilizationMetricType:
				if t.AverageUtilization == nil || *t.AverageUtilization < 1 {
					errs = append(errs, field.Invalid(mp.Child("resource", "target", "averageUtilization"), t.AverageUtilization, "must be greater than 0"))
				}
			case autoscalingv2.AverageValueMetricType, autoscalingv2.ValueMetricType:
			default:
				errs = append(errs, field.NotSupported(mp.Child("resource", "target", "type"), t.Type, []autoscalingv2.MetricTargetType{
					autoscalingv2.UtilizationMetricType, autoscalingv2.AverageValueMetricType, autoscalingv2.ValueMetricType}))
			}
		}
	}
	return errs
}

func validatePDB(pdb *policyv1.PodDisruptionBudget) field.ErrorList {
	p := field.NewPath("spec")
	var errs field.ErrorList
	if pdb.Spec.MinAvailable != nil && pdb.Spec.MaxUnavailable != nil {
		errs = append(errs, field.Invalid(p, "", "minAvailable and maxUnavailable cannot both be set"))
	}
	for name, v := range map[string]*intstr.IntOrString{"minAvailable": pdb.Spec.MinAvailable, "maxUnavailable": pdb.Spec.MaxUnavailable} {
		if v == nil {
			continue
		}
		if v.Type == intstr.Int && v.IntVal < 0 {
			errs = append(errs, field.Invalid(p.Child(name), v.IntVal, "must be greater than or equal to 0"))
		}
		if v.Type == intstr.String {
			errs = append(errs, invalidMessages(p.Child(name), v.StrVal, validation.IsValidPercent(v.StrVal))...)
		}
	}
	return append(errs, validateSelector(pdb.Spec.Selector, nil, p.Child("selector"))...)
}

func validateIngress(ing *networkingv1.Ingress, refs *referenceList, owner string) field.ErrorList {
	var errs field.ErrorList
	p := field.NewPath("spec")
	for i, tls := range ing.Spec.TLS {
		if tls.SecretName != "" {
			refs.add("Secret", tls.SecretName, owner)
		}
		for j, host := range tls.Hosts {
			errs = append(errs, invalidMessages(p.Child("tls").Index(i).Child("hosts").Index(j), host, hostProblems(host))...)
		}
	}
	for i, rule := range ing.Spec.Rules {
		rp := p.Child("rules").Index(i)
		if rule.Host != "" {
			errs = append(errs, invalidMessages(rp.Child("host"), rule.Host, hostProblems(rule.Host))...)
		}
		if rule.HTTP == nil {
			continue
		}
		for j, path := range rule.HTTP.Paths {
			pp := rp.Child("http", "paths").Index(j)
			if path.PathType == nil {
				errs = append(errs, field.Required(pp.Child("pathType"), ""))
			} else if *path.PathType != networkingv1.PathTypeExact && *path.PathType != networkingv1.PathTypePrefix && *path.PathType != networkingv1.PathTypeImplementationSpecific {
				errs = append(errs, field.NotSupported(pp.Child("pathType"), *path.PathType, []networkingv1.PathType{networkingv1.PathTypeExact, networkingv1.PathTypePrefix, networkingv1.PathTypeImplementationSpecific}))
			}
			if !strings.HasPrefix(path.Path, "/") {
				errs = append(errs, field.Invalid(pp.Child("path"), path.Path, "must be an absolute path"))
			}
			if s := path.Backend.Service; s != nil {
				if (s.Port.Name == "") == (s.Port.Number == 0) {
					errs = append(errs, field.Invalid(pp.Child("backend", "service", "port"), s.Port, "exactly one of name and number"))
				}
				refs.addPort("Service", s.Name, s.Port.Name, owner)
			} else if path.Backend.Resource == nil {
				errs = append(errs, field.Required(pp.Child("backend"), "a service or a resource"))
			}
		}
	}
	return errs
}

// hostProblems: an Ingress host is a DNS subdomain, or a wildcard one (*.example.com).
func hostProblems(host string) []string {
	if strings.HasPrefix(host, "*.") {
		return validation.IsWildcardDNS1123Subdomain(host)
	}
	return validation.IsDNS1123Subdomain(host)
}

func validateJobSpec(spec *batchv1.JobSpec, p *field.Path, refs *referenceList, owner string) (field.ErrorList, *podContext) {
	var errs field.ErrorList
	if spec.BackoffLimit != nil && *spec.BackoffLimit < 0 {
		errs = append(errs, field.Invalid(p.Child("backoffLimit"), *spec.BackoffLimit, "must be greater than or equal to 0"))
	}
	if spec.ActiveDeadlineSeconds != nil && *spec.ActiveDeadlineSeconds <= 0 {
		errs = append(errs, field.Invalid(p.Child("activeDeadlineSeconds"), *spec.ActiveDeadlineSeconds, "must be greater than 0"))
	}
	if spec.Selector != nil {
		errs = append(errs, validateSelector(spec.Selector, spec.Template.Labels, p.Child("selector"))...)
	}
	errs = append(errs, validatePodTemplate(&spec.Template, []corev1.RestartPolicy{corev1.RestartPolicyNever, corev1.RestartPolicyOnFailure}, p.Child("template"), refs, owner)...)
	return errs, &podContext{owner, labels.Set(spec.Template.Labels), &spec.Template.Spec}
}

// validateCronSchedule accepts the five fields of a cron line (or a @-macro) and a TZ=/CRON_TZ= prefix the API
// refuses (spec.timeZone is the field for it).
func validateCronSchedule(cron *batchv1.CronJob, p *field.Path) field.ErrorList {
	s := strings.TrimSpace(cron.Spec.Schedule)
	if strings.Contains(s, "TZ=") {
		return field.ErrorList{field.Invalid(p.Child("schedule"), s, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead")}
	}
	if strings.HasPrefix(s, "@") {
		switch s {
		case "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly":
			return nil
		}
		return field.ErrorList{field.Invalid(p.Child("schedule"), s, "unknown macro")}
	}
	if len(strings.Fields(s)) != 5 {
		return field.ErrorList{field.Invalid(p.Child("schedule"), s, "must have five fields: minute hour day-of-month month day-of-week")}
	}
	var errs field.ErrorList
	switch cron.Spec.ConcurrencyPolicy {
	case "", batchv1.AllowConcurrent, batchv1.ForbidConcurrent, batchv1.ReplaceConcurrent:
	default:
		errs = append(errs, field.NotSupported(p.Child("concurrencyPolicy"), cron.Spec.ConcurrencyPolicy, []batchv1.ConcurrencyPolicy{batchv1.AllowConcurrent, batchv1.ForbidConcurrent, batchv1.ReplaceConcurrent}))
	}
	return errs
}

func validateRoleRules(rules []rbacv1.PolicyRule, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, r := range rules {
		if len(r.Verbs) == 0 {
			errs = append(errs, field.Required(p.Index(i).Child("verbs"), ""))
		}
		if len(r.NonResourceURLs) == 0 && len(r.Resources) == 0 {
			errs = append(errs, field.Required(p.Index(i).Child("resources"), "resources or nonResourceURLs"))
		}
	}
	return errs
}

// validateObject runs the checks of obj's kind; it returns what the checks between objects need.
func validateObject(kind string, obj any, refs *referenceList, owner string) (errs field.ErrorList, pods *podContext, service *corev1.Service) {
	always := []corev1.RestartPolicy{corev1.RestartPolicyAlways}
	switch o := obj.(type) {
	case *appsv1.Deployment:
		errs = validateMeta("Deployment", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		p := field.NewPath("spec")
		if o.Spec.Replicas != nil && *o.Spec.Replicas < 0 {
			errs = append(errs, field.Invalid(p.Child("replicas"), *o.Spec.Replicas, "must be greater than or equal to 0"))
		}
		errs = append(errs, validateSelector(o.Spec.Selector, o.Spec.Template.Labels, p.Child("selector"))...)
		errs = append(errs, validatePodTemplate(&o.Spec.Template, always, p.Child("template"), refs, owner)...)
		pods = &podContext{owner, labels.Set(o.Spec.Template.Labels), &o.Spec.Template.Spec}
	case *appsv1.StatefulSet:
		errs = validateMeta("StatefulSet", o.ObjectMeta, apivalidation.NameIsDNSLabel)
		p := field.NewPath("spec")
		errs = append(errs, validateSelector(o.Spec.Selector, o.Spec.Template.Labels, p.Child("selector"))...)
		errs = append(errs, validatePodTemplate(&o.Spec.Template, always, p.Child("template"), refs, owner)...)
		pods = &podContext{owner, labels.Set(o.Spec.Template.Labels), &o.Spec.Template.Spec}
	case *appsv1.DaemonSet:
		errs = validateMeta("DaemonSet", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		p := field.NewPath("spec")
		errs = append(errs, validateSelector(o.Spec.Selector, o.Spec.Template.Labels, p.Child("selector"))...)
		errs = append(errs, validatePodTemplate(&o.Spec.Template, always, p.Child("template"), refs, owner)...)
		pods = &podContext{owner, labels.Set(o.Spec.Template.Labels), &o.Spec.Template.Spec}
	case *batchv1.Job:
		errs = validateMeta("Job", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		jobErrs, ctx := validateJobSpec(&o.Spec, field.NewPath("spec"), refs, owner)
		errs, pods = append(errs, jobErrs...), ctx
	case *batchv1.CronJob:
		// A CronJob's name is at most 52 characters: its Jobs add a suffix of 11.
		errs = validateMeta("CronJob", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		if len(o.Name) > 52 {
			errs = append(errs, field.Invalid(field.NewPath("metadata", "name"), o.Name, "must be no more than 52 characters"))
		}
		p := field.NewPath("spec")
		errs = append(errs, validateCronSchedule(o, p)...)
		jobErrs, ctx := validateJobSpec(&o.Spec.JobTemplate.Spec, p.Child("jobTemplate", "spec"), refs, owner)
		errs, pods = append(errs, jobErrs...), ctx
	case *corev1.Service:
		errs = validateMeta("Service", o.ObjectMeta, apivalidation.NameIsDNS1035Label)
		errs = append(errs, validateServicePorts(o)...)
		errs = append(errs, metav1validation.ValidateLabels(o.Spec.Selector, field.NewPath("spec", "selector"))...)
		service = o
	case *corev1.ConfigMap:
		errs = validateMeta("ConfigMap", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		for key := range o.Data {
			errs = append(errs, invalidMessages(field.NewPath("data").Key(key), key, validation.IsConfigMapKey(key))...)
		}
		for key := range o.BinaryData {
			if _, clash := o.Data[key]; clash {
				errs = append(errs, field.Duplicate(field.NewPath("binaryData").Key(key), key))
			}
		}
	case *corev1.Secret:
		errs = validateMeta("Secret", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		for key := range o.Data {
			errs = append(errs, invalidMessages(field.NewPath("data").Key(key), key, validation.IsConfigMapKey(key))...)
		}
		for key := range o.StringData {
			errs = append(errs, invalidMessages(field.NewPath("stringData").Key(key), key, validation.IsConfigMapKey(key))...)
		}
		if o.Type == corev1.SecretTypeTLS {
			for _, key := range []string{corev1.TLSCertKey, corev1.TLSPrivateKeyKey} {
				if _, ok := o.Data[key]; !ok {
					if _, ok := o.StringData[key]; !ok {
						errs = append(errs, field.Required(field.NewPath("data").Key(key), ""))
					}
				}
			}
		}
	case *corev1.ServiceAccount:
		errs = validateMeta("ServiceAccount", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
	case *corev1.PersistentVolumeClaim:
		errs = validateMeta("PersistentVolumeClaim", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		if len(o.Spec.AccessModes) == 0 {
			errs = append(errs, field.Required(field.NewPath("spec", "accessModes"), "at least one access mode"))
		}
		if _, ok := o.Spec.Resources.Requests[corev1.ResourceStorage]; !ok && o.Spec.DataSourceRef == nil {
			errs = append(errs, field.Required(field.NewPath("spec", "resources", "requests").Key(string(corev1.ResourceStorage)), ""))
		}
	case *autoscalingv2.HorizontalPodAutoscaler:
		errs = validateMeta("HorizontalPodAutoscaler", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		errs = append(errs, validateHPA(o)...)
		refs.addStrict(o.Spec.ScaleTargetRef.Kind, o.Spec.ScaleTargetRef.Name, owner)
	case *policyv1.PodDisruptionBudget:
		errs = validateMeta("PodDisruptionBudget", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		errs = append(errs, validatePDB(o)...)
	case *networkingv1.Ingress:
		errs = validateMeta("Ingress", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		errs = append(errs, validateIngress(o, refs, owner)...)
	case *networkingv1.NetworkPolicy:
		errs = validateMeta("NetworkPolicy", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		errs = append(errs, metav1validation.ValidateLabelSelector(&o.Spec.PodSelector, metav1validation.LabelSelectorValidationOptions{}, field.NewPath("spec", "podSelector"))...)
	case *rbacv1.Role:
		errs = validateMeta("Role", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		errs = append(errs, validateRoleRules(o.Rules, field.NewPath("rules"))...)
	case *rbacv1.ClusterRole:
		errs = validateMeta("ClusterRole", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		errs = append(errs, validateRoleRules(o.Rules, field.NewPath("rules"))...)
	case *rbacv1.RoleBinding:
		errs = validateMeta("RoleBinding", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		errs = append(errs, validateBinding(o.RoleRef, o.Subjects, refs, owner)...)
	case *rbacv1.ClusterRoleBinding:
		errs = validateMeta("ClusterRoleBinding", o.ObjectMeta, apivalidation.NameIsDNSSubdomain)
		errs = append(errs, validateBinding(o.RoleRef, o.Subjects, refs, owner)...)
	default:
		m, ok := obj.(metav1.Object)
		if ok {
			errs = validateMeta(kind, metav1.ObjectMeta{Name: m.GetName(), Namespace: m.GetNamespace(), Labels: m.GetLabels(), Annotations: m.GetAnnotations()}, apivalidation.NameIsDNSSubdomain)
		}
	}
	return errs, pods, service
}

func validateBinding(role rbacv1.RoleRef, subjects []rbacv1.Subject, refs *referenceList, owner string) field.ErrorList {
	var errs field.ErrorList
	if role.APIGroup != rbacv1.GroupName {
		errs = append(errs, field.NotSupported(field.NewPath("roleRef", "apiGroup"), role.APIGroup, []string{rbacv1.GroupName}))
	}
	if role.Kind != "Role" && role.Kind != "ClusterRole" {
		errs = append(errs, field.NotSupported(field.NewPath("roleRef", "kind"), role.Kind, []string{"Role", "ClusterRole"}))
	} else {
		refs.add(role.Kind, role.Name, owner)
	}
	for i, s := range subjects {
		switch s.Kind {
		case rbacv1.ServiceAccountKind:
			if s.Name == "" {
				errs = append(errs, field.Required(field.NewPath("subjects").Index(i).Child("name"), ""))
			}
			refs.add("ServiceAccount", s.Name, owner)
		case rbacv1.UserKind, rbacv1.GroupKind:
		default:
			errs = append(errs, field.NotSupported(field.NewPath("subjects").Index(i).Child("kind"), s.Kind, []string{rbacv1.ServiceAccountKind, rbacv1.UserKind, rbacv1.GroupKind}))
		}
	}
	return errs
}
