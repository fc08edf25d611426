{{/* filebeat.yml of the Filebeat DaemonSet (templates/filebeat.yaml): its ConfigMap and the pods' checksum of it. */}}
{{- define "flores-victoria.filebeatConfig" -}}
# Only the containers of this release, in its namespace, on this node.
filebeat.autodiscover:
  providers:
    - type: kubernetes
      node: ${NODE_NAME}
      namespace: {{ .Release.Namespace }}
      templates:
        - condition:
            equals:
              kubernetes.labels.app.kubernetes.io/instance: {{ .Release.Name }}
          config:
            - type: filestream
              id: {{ .Release.Name }}-${data.kubernetes.container.id}
              prospector.scanner.symlinks: true
              paths:
                - /var/log/containers/*-${data.kubernetes.container.id}.log
              parsers:
                - container: ~

processors:
  # The services' log lines are JSON (runtime/logger.ts): decoded under flores.*, then the fields Kibana and
  # Elastic APM know moved to their ECS names, so a trace id leads to every line of the request in every service.
  - decode_json_fields:
      fields: [message]
      target: flores
      add_error_key: false
  - rename:
      fields:
        - { from: flores.traceId, to: trace.id }
        - { from: flores.spanId, to: span.id }
        - { from: flores.requestId, to: http.request.id }
        - { from: flores.service, to: service.name }
        - { from: flores.level, to: log.level }
      ignore_missing: true
      fail_on_error: false
  - timestamp:
      field: flores.time
      layouts: ["2006-01-02T15:04:05Z07:00"]
      ignore_missing: true
      ignore_failure: true
  - drop_fields:
      when:
        has_fields: [flores.msg]
      fields: [message]
  - rename:
      fields:
        - { from: flores.msg, to: message }
      ignore_missing: true
      fail_on_error: false
  - drop_fields:
      fields: [flores.time]
      ignore_missing: true

output.elasticsearch:
  hosts: {{ toJson .Values.logging.filebeat.elasticsearch.hosts }}
  {{- if .Values.logging.filebeat.elasticsearch.existingSecret }}
  username: ${ELASTICSEARCH_USERNAME}
  password: ${ELASTICSEARCH_PASSWORD}
  {{- end }}
  {{- if .Values.logging.filebeat.elasticsearch.caSecret }}
  ssl.certificate_authorities: [/etc/filebeat/ca/ca.crt]
  {{- end }}
{{- end -}}
