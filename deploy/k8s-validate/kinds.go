package main

// The checks of the other kinds: Services, autoscalers, disruption budgets, Ingresses, Jobs and CronJobs, RBAC.

import (
	"strings"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

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
