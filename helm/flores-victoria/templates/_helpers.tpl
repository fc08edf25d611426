{{/* Base name of every object: <release>-flores-victoria (or the release name if it already contains the chart name). */}}
{{- define "flores-victoria.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "flores-victoria.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "flores-victoria.labels" -}}
{{ include "flores-victoria.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: flores-victoria
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* The Secret the credentials (DATABASE_URL, MONGODB_URL, REDIS_URL, RABBITMQ_URL, INTERNAL_SECRET, AUTH_SIGNING_KEYS) come
from unless secretRefs names another for one of them: existingSecret, or the chart's own. */}}
{{- define "flores-victoria.secretName" -}}
{{- .Values.existingSecret | default (printf "%s-secrets" (include "flores-victoria.fullname" .)) -}}
{{- end -}}

{{/* Where credential .key comes from, as a dict with name and key: secretRefs.<key> when set, else the Secret above. */}}
{{- define "flores-victoria.credentialSource" -}}
{{- $ref := get .root.Values.secretRefs .key | default dict -}}
{{- if $ref.name -}}
{{- dict "name" $ref.name "key" ($ref.key | default .key) | toJson -}}
{{- else -}}
{{- dict "name" (include "flores-victoria.secretName" .root) "key" .key | toJson -}}
{{- end -}}
{{- end -}}

{{/*
The credentials a container reads, as files: <KEY>_FILE variables and a projected volume "credentials" of one file per
key (mounted at /etc/flores-victoria/secrets). Each process gets only the credentials its code reads.
*/}}
{{- define "flores-victoria.credentialEnv" -}}
{{- range .keys }}
- name: {{ . }}_FILE
  value: /etc/flores-victoria/secrets/{{ . }}
{{- end }}
{{- end -}}

{{- define "flores-victoria.credentialVolume" -}}
- name: credentials
  projected:
    sources:
      {{- range .keys }}
      {{- $source := include "flores-victoria.credentialSource" (dict "root" $.root "key" .) | fromJson }}
      - secret:
          name: {{ $source.name }}
          items:
            - key: {{ $source.key }}
              path: {{ . }}
      {{- end }}
{{- end -}}

{{/* The Secret auth and users mount at /etc/flores-victoria/mail: token-key, smtp-password. */}}
{{- define "flores-victoria.mailSecretName" -}}
{{- .Values.mail.existingSecret | default (printf "%s-mail" (include "flores-victoria.fullname" .)) -}}
{{- end -}}

{{/* In-cluster address of a subgraph's GraphQL endpoint, by name, on the port values give it. */}}
{{- define "flores-victoria.subgraphUrl" -}}
{{- $root := .root -}}
{{- $target := .name -}}
{{- range $root.Values.subgraphs -}}
{{- if eq .name $target -}}
{{- printf "http://%s-%s:%v%s" (include "flores-victoria.fullname" $root) .name .port ($.path | default "/graphql") -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
A Deployment and a Service for one process of the supergraph.
Called with a dict: root (the chart context), component, port, metricsPort, command, replicas, resources, serviceType,
credentials (the keys it reads as files), mountsMailSecret,
autoscaling and podDisruptionBudget (each with enabled; a HorizontalPodAutoscaler / PodDisruptionBudget when true).
Metrics have a ClusterIP Service of their own (<name>-metrics): the public Service (the router's may be a
LoadBalancer) never carries them.
*/}}
{{- define "flores-victoria.workload" -}}
{{- $root := .root -}}
{{- $name := printf "%s-%s" (include "flores-victoria.fullname" $root) .component -}}
{{- if .podDisruptionBudget.enabled }}
{{- $fewest := ternary (.autoscaling.minReplicas | int) (.replicas | int) (.autoscaling.enabled | default false) }}
{{- if and (not (kindIs "string" .podDisruptionBudget.minAvailable)) (ge (.podDisruptionBudget.minAvailable | int) $fewest) }}
{{- fail (printf "%s: podDisruptionBudget.minAvailable (%v) must be below its %d replicas, or no node could ever be drained" .component .podDisruptionBudget.minAvailable $fewest) }}
{{- end }}
{{- end }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "flores-victoria.labels" . | nindent 4 }}
spec:
  {{- if not .autoscaling.enabled }}
  replicas: {{ .replicas }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "flores-victoria.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "flores-victoria.labels" . | nindent 8 }}
      annotations:
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
        {{- if .mountsMailSecret }}
        checksum/mail-secret: {{ include (print $root.Template.BasePath "/mail-secret.yaml") $root | sha256sum }}
        {{- end }}
        {{- if $root.Values.metrics.podAnnotations }}
        # For Prometheus setups that discover pods by annotation (every process serves /metrics on its metrics port).
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ .metricsPort | quote }}
        prometheus.io/path: /metrics
        {{- end }}
    spec:
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.podSecurityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: "{{ $root.Values.image.repository }}:{{ $root.Values.image.tag | default $root.Chart.AppVersion }}"
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command:
            {{- toYaml .command | nindent 12 }}
          {{- with $root.Values.securityContext }}
          securityContext:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          ports:
            - name: http
              containerPort: {{ .port }}
              protocol: TCP
            - name: metrics
              containerPort: {{ .metricsPort }}
              protocol: TCP
          env:
            - name: PORT
              value: {{ .port | quote }}
            - name: METRICS_PORT
              value: {{ .metricsPort | quote }}
            {{- with .credentials }}
            {{- include "flores-victoria.credentialEnv" (dict "keys" .) | trim | nindent 12 }}
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "flores-victoria.fullname" $root }}-config
          {{- if or .credentials .mountsMailSecret }}
          volumeMounts:
            {{- if .credentials }}
            - name: credentials
              mountPath: /etc/flores-victoria/secrets
              readOnly: true
            {{- end }}
            {{- if .mountsMailSecret }}
            - name: mail-secret
              mountPath: /etc/flores-victoria/mail
              readOnly: true
            {{- end }}
          {{- end }}
          livenessProbe:
            httpGet:
              path: {{ $root.Values.probes.liveness.path }}
              port: http
            initialDelaySeconds: {{ $root.Values.probes.liveness.initialDelaySeconds }}
            periodSeconds: {{ $root.Values.probes.liveness.periodSeconds }}
            failureThreshold: {{ $root.Values.probes.liveness.failureThreshold }}
          readinessProbe:
            httpGet:
              path: {{ $root.Values.probes.readiness.path }}
              port: http
            initialDelaySeconds: {{ $root.Values.probes.readiness.initialDelaySeconds }}
            periodSeconds: {{ $root.Values.probes.readiness.periodSeconds }}
            failureThreshold: {{ $root.Values.probes.readiness.failureThreshold }}
          {{- with .resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
      {{- if or .credentials .mountsMailSecret }}
      volumes:
        {{- with .credentials }}
        {{- include "flores-victoria.credentialVolume" (dict "root" $root "keys" .) | trim | nindent 8 }}
        {{- end }}
        {{- if .mountsMailSecret }}
        - name: mail-secret
          secret:
            secretName: {{ include "flores-victoria.mailSecretName" $root }}
        {{- end }}
      {{- end }}
      {{- with $root.Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- range . }}
        - maxSkew: {{ .maxSkew }}
          topologyKey: {{ .topologyKey }}
          whenUnsatisfiable: {{ .whenUnsatisfiable }}
          labelSelector:
            matchLabels:
              {{- include "flores-victoria.selectorLabels" $ | nindent 14 }}
        {{- end }}
      {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  labels:
    {{- include "flores-victoria.labels" . | nindent 4 }}
spec:
  type: {{ .serviceType | default "ClusterIP" }}
  selector:
    {{- include "flores-victoria.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .port }}
      targetPort: http
      protocol: TCP
---
apiVersion: v1
kind: Service
metadata:
  name: {{ printf "%s-metrics" $name | trunc 63 | trimSuffix "-" }}
  labels:
    {{- include "flores-victoria.labels" . | nindent 4 }}
    flores-victoria/metrics: "true"
spec:
  type: ClusterIP
  selector:
    {{- include "flores-victoria.selectorLabels" . | nindent 4 }}
  ports:
    - name: metrics
      port: {{ .metricsPort }}
      targetPort: metrics
      protocol: TCP
{{- if .autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $name }}
  labels:
    {{- include "flores-victoria.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $name }}
  minReplicas: {{ .autoscaling.minReplicas }}
  maxReplicas: {{ .autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- if .podDisruptionBudget.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $name }}
  labels:
    {{- include "flores-victoria.labels" . | nindent 4 }}
spec:
  minAvailable: {{ .podDisruptionBudget.minAvailable }}
  selector:
    matchLabels:
      {{- include "flores-victoria.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}
