import { join } from 'node:path';
import { EXAMPLES_DIR, exampleValuesFiles } from './chart-files';
import type { RenderOptions } from './helm-cli';

export interface Variant {
  name: string;
  options: RenderOptions;
  /** Kinds the variant must render, so that a `--set` that stopped switching anything on is noticed. */
  renders: string[];
}

/** The longest release name Helm accepts. */
export const LONGEST_RELEASE_NAME = 'catalog-api-blue-green-canary-release-for-eu-west-1-a';

const SUPERADMIN = ['createSuperadmin.enabled=true', 'createSuperadmin.email=admin@example.com', 'createSuperadmin.passwordSecret.name=superadmin'];
const METRICS_TOKEN = ['metrics.token.existingSecret=catalog-api-metrics-token'];

export const DEFAULTS: Variant = { name: 'values.yaml', options: {}, renders: ['Deployment', 'Service', 'ConfigMap', 'Ingress', 'Job'] };

export const EXAMPLES: Variant[] = exampleValuesFiles().map((file) => ({
  name: `examples/${file}`,
  options: { valuesFiles: [join(EXAMPLES_DIR, file)] },
  renders: ['Deployment', 'Job'],
}));

/** `--set` variants that switch on what the defaults and examples leave off, or combine options unusually. */
export const SET_VARIANTS: Variant[] = [
  {
    name: 'autoscaling on CPU and memory',
    options: { set: ['autoscaling.enabled=true', 'autoscaling.targetMemoryUtilizationPercentage=80'] },
    renders: ['HorizontalPodAutoscaler'],
  },
  {
    name: 'ingress with annotations and two hosts',
    options: {
      set: [
        'ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/proxy-body-size=1m',
        'ingress.hosts[0].host=a.example.com',
        'ingress.hosts[0].paths[0].path=/',
        'ingress.hosts[0].paths[0].pathType=Prefix',
        'ingress.hosts[1].host=b.example.com',
        'ingress.hosts[1].paths[0].path=/api',
        'ingress.hosts[1].paths[0].pathType=Prefix',
        'ingress.tls[0].secretName=catalog-api-tls',
        'ingress.tls[0].hosts[0]=a.example.com',
        'ingress.tls[0].hosts[1]=b.example.com',
      ],
    },
    renders: ['Ingress'],
  },
  {
    name: 'ServiceMonitor on the metrics port',
    options: { set: ['serviceMonitor.enabled=true', 'serviceMonitor.labels.release=prometheus'] },
    renders: ['ServiceMonitor'],
  },
  {
    name: 'ServiceMonitor with /metrics behind the token',
    options: { set: ['serviceMonitor.enabled=true', 'metrics.port=0', ...METRICS_TOKEN] },
    renders: ['ServiceMonitor'],
  },
  { name: 'PodDisruptionBudget by minAvailable', options: { set: ['podDisruptionBudget.minAvailable=50%'] }, renders: ['PodDisruptionBudget'] },
  {
    name: 'NetworkPolicy with Sentry and OTLP egress',
    options: { set: ['secrets.env.SENTRY_DSN=sentry-dsn', 'config.OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector.observability:4318'] },
    renders: ['NetworkPolicy'],
  },
  {
    name: 'every optional object off',
    options: {
      set: [
        'ingress.enabled=false',
        'networkPolicy.enabled=false',
        'podDisruptionBudget.enabled=false',
        'serviceAccount.create=false',
        'migrations.enabled=false',
        'topologySpread.enabled=false',
      ],
    },
    renders: ['Deployment'],
  },
  { name: 'superadmin Job with the metrics token', options: { set: [...SUPERADMIN, ...METRICS_TOKEN] }, renders: ['Job'] },
  {
    name: `release named ${LONGEST_RELEASE_NAME}`,
    options: { release: LONGEST_RELEASE_NAME, set: [...SUPERADMIN, ...METRICS_TOKEN, 'serviceMonitor.enabled=true', 'autoscaling.enabled=true'] },
    renders: ['Job', 'ServiceMonitor', 'HorizontalPodAutoscaler'],
  },
];

export const ALL_VARIANTS: Variant[] = [DEFAULTS, ...EXAMPLES, ...SET_VARIANTS];
