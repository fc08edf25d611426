package main

// The checks of the API server's validation that need no cluster, written after its rules (k8s.io/kubernetes
// pkg/apis/*/validation), using apimachinery's own validators for names, labels, annotations and selectors: what
// every object has, and which checks each kind gets.

import (
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
