{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "catalog-api.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped name of every resource. */}}
{{- define "catalog-api.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The name of one of the release's other objects: the full name and a suffix (`dict "context" . "suffix" "migrations"`),
at most 63 characters, since a Job's name becomes a label value of its pods, which may not be longer. When the two
do not fit, the full name is cut and a hash of it keeps releases with the same long prefix apart.
*/}}
{{- define "catalog-api.componentName" -}}
{{- $fullname := include "catalog-api.fullname" .context }}
{{- $name := printf "%s-%s" $fullname .suffix }}
{{- if le (len $name) 63 }}
{{- $name }}
{{- else }}
{{- $kept := sub 63 (add (len .suffix) 10) | int }}
{{- printf "%s-%s-%s" ($fullname | trunc $kept | trimSuffix "-") (sha256sum $fullname | trunc 8) .suffix }}
{{- end }}
{{- end }}

{{- define "catalog-api.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "catalog-api.selectorLabels" -}}
app.kubernetes.io/name: {{ include "catalog-api.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "catalog-api.labels" -}}
helm.sh/chart: {{ include "catalog-api.chart" . }}
{{ include "catalog-api.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: catalog
{{- end }}

{{- define "catalog-api.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "catalog-api.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "catalog-api.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The Secret the pods mount: the existing one, or the release-named one (created here or beforehand). */}}
{{- define "catalog-api.secretName" -}}
{{- default (include "catalog-api.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/*
A value of `config` as ConfigMap text. Helm reads numbers from values files as floats, which would print
2592000 as 2.592e+06: whole numbers are printed as integers.
*/}}
{{- define "catalog-api.envValue" -}}
{{- if kindIs "float64" . }}
{{- if eq (float64 (int64 .)) . }}{{ int64 . }}{{ else }}{{ . }}{{ end }}
{{- else }}
{{- . }}
{{- end }}
{{- end }}

{{/* SHUTDOWN_* from config in whole seconds, rounded up, with the documented defaults. */}}
{{- define "catalog-api.terminationGracePeriodSeconds" -}}
{{- $timeoutMs := int64 (default 10000 .Values.config.SHUTDOWN_TIMEOUT_MS) }}
{{- $drainMs := int64 (default 0 .Values.config.SHUTDOWN_DRAIN_DELAY_MS) }}
{{- $appSeconds := div (add $timeoutMs $drainMs 999) 1000 }}
{{- add .Values.shutdown.preStopSleepSeconds $appSeconds .Values.shutdown.extraGraceSeconds }}
{{- end }}

{{/*
Fails the render on combinations the service would refuse at boot (or that cannot work), so they never
reach a cluster.
*/}}
{{- define "catalog-api.validate" -}}
{{- if and .Values.secrets.create .Values.secrets.existingSecret }}
{{- fail "secrets: set either existingSecret or create, not both" }}
{{- end }}
{{- if and (not .Values.secrets.create) .Values.secrets.values }}
{{- fail "secrets.values is used only with secrets.create: true" }}
{{- end }}
{{- if not .Values.secrets.env.DATABASE_URL }}
{{- fail "secrets.env.DATABASE_URL: the service needs a primary database URL in production" }}
{{- end }}
{{- if not (or .Values.secrets.env.REDIS_URL .Values.config.REDIS_SENTINELS .Values.config.REDIS_CLUSTER_NODES) }}
{{- fail "Redis is required in production: set secrets.env.REDIS_URL, config.REDIS_SENTINELS or config.REDIS_CLUSTER_NODES" }}
{{- end }}
{{- if not .Values.secrets.env.JWT_REFRESH_SECRET }}
{{- fail "secrets.env.JWT_REFRESH_SECRET is required in production" }}
{{- end }}
{{- if eq (default "HS256" .Values.config.JWT_ALGORITHM) "HS256" }}
{{- if not .Values.secrets.env.JWT_ACCESS_SECRET }}
{{- fail "secrets.env.JWT_ACCESS_SECRET is required with JWT_ALGORITHM HS256" }}
{{- end }}
{{- else if not (and .Values.secrets.env.JWT_ACCESS_PRIVATE_KEY .Values.secrets.env.JWT_ACCESS_PUBLIC_KEY) }}
{{- fail "secrets.env.JWT_ACCESS_PRIVATE_KEY and JWT_ACCESS_PUBLIC_KEY are required with RS256/ES256" }}
{{- end }}
{{- if and (not .Values.metrics.port) (not .Values.metrics.token.existingSecret) }}
{{- fail "metrics: set metrics.port or metrics.token.existingSecret (production refuses to start with neither)" }}
{{- end }}
{{- if eq (int64 .Values.metrics.port) (int64 .Values.http.port) }}
{{- fail "metrics.port must differ from http.port" }}
{{- end }}
{{- if .Values.secrets.create }}
{{- range $name, $key := .Values.secrets.env }}
{{- if and $key (not (hasKey $.Values.secrets.values $key)) }}
{{- fail (printf "secrets.values has no key %q (secrets.env.%s)" $key $name) }}
{{- end }}
{{- end }}
{{- if and $.Values.migrations.enabled (not (hasKey $.Values.secrets.values $.Values.migrations.databaseUrlKey)) }}
{{- fail (printf "secrets.values has no key %q (migrations.databaseUrlKey)" $.Values.migrations.databaseUrlKey) }}
{{- end }}
{{- end }}
{{- if and .Values.createSuperadmin.enabled (not (and .Values.createSuperadmin.email .Values.createSuperadmin.passwordSecret.name)) }}
{{- fail "createSuperadmin: email and passwordSecret.name are required when enabled" }}
{{- end }}
{{- end }}

{{/* <NAME>_FILE for every secret variable in use, pointing into the mounted Secrets. */}}
{{- define "catalog-api.secretFileEnv" -}}
{{- range $name, $key := .Values.secrets.env }}
{{- if $key }}
{{ $name }}_FILE: {{ printf "%s/%s" $.Values.secrets.mountPath $key | quote }}
{{- end }}
{{- end }}
{{- if .Values.metrics.token.existingSecret }}
METRICS_TOKEN_FILE: {{ printf "%s/%s" (include "catalog-api.metricsTokenDir" .) .Values.metrics.token.key | quote }}
{{- end }}
{{- end }}

{{/*
The /metrics bearer token has a Secret of its own: Prometheus reads it for the ServiceMonitor, and a grant on the
release's Secret would also give it the JWT keys and database URLs.
*/}}
{{- define "catalog-api.metricsTokenDir" -}}
/run/secrets/catalog-api-metrics
{{- end }}

{{- define "catalog-api.metricsTokenVolume" -}}
{{- if .Values.metrics.token.existingSecret }}
- name: metrics-token
  secret:
    secretName: {{ .Values.metrics.token.existingSecret }}
    defaultMode: 0440
    items:
      - key: {{ .Values.metrics.token.key }}
        path: {{ .Values.metrics.token.key }}
{{- end }}
{{- end }}

{{- define "catalog-api.metricsTokenMount" -}}
{{- if .Values.metrics.token.existingSecret }}
- name: metrics-token
  mountPath: {{ include "catalog-api.metricsTokenDir" . }}
  readOnly: true
{{- end }}
{{- end }}

{{/* The Secret's keys the pods mount: only those in use, so an unused key may be absent from it. */}}
{{- define "catalog-api.secretItems" -}}
{{- range $name, $key := .Values.secrets.env }}
{{- if $key }}
- key: {{ $key }}
  path: {{ $key }}
{{- end }}
{{- end }}
{{- end }}

{{/* Volumes every pod of the chart has: /tmp, the only writable path. */}}
{{- define "catalog-api.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
{{- end }}

{{/* One NetworkPolicy egress rule from networkPolicy.egress.<name>: its ports, to its peers (any when none). */}}
{{- define "catalog-api.egressRule" -}}
- ports:
    {{- toYaml .ports | nindent 4 }}
  {{- with .to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
