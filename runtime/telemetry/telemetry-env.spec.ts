import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { telemetryEnv, tracingSettings } from './telemetry-env';

describe('tracingSettings', () => {
  it('is off without an OTLP endpoint, also when the variables are set but empty (compose `${VAR:-}`)', () => {
    expect(tracingSettings({})).toBeUndefined();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: ' ', OTEL_TRACES_SAMPLER: '' })).toBeUndefined();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_TRACES_SAMPLER: 'always_on' })).toBeUndefined();
  });

  it('is on with the base endpoint, sending to its /v1/traces over http/protobuf by default', () => {
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' })).toEqual({
      endpoint: 'http://jaeger:4318/v1/traces',
      protocol: 'http/protobuf',
      logLevel: 'info',
    });
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example/', LOG_LEVEL: 'warn' })).toMatchObject({
      endpoint: 'https://collector.example/v1/traces',
      logLevel: 'warn',
    });
  });

  it('takes the traces endpoint and protocol over the general ones', () => {
    expect(
      tracingSettings({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://general:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom/path',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      }),
    ).toMatchObject({ endpoint: 'http://traces:4318/custom/path', protocol: 'http/json' });
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/v1/traces' })).toMatchObject({
      endpoint: 'http://traces:4318/v1/traces',
    });
  });

  it('is off when OTEL_SDK_DISABLED is true (any case), whatever the endpoint', () => {
    for (const disabled of ['true', 'TRUE', ' True ']) {
      expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SDK_DISABLED: disabled })).toBeUndefined();
    }
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SDK_DISABLED: 'false' })).toBeDefined();
  });

  it('refuses bad values, naming the variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        tracingSettings(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems.join('\n');
      }
      return '';
    };
    expect(problems({ OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' })).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(problems({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://jaeger/v1/traces' })).toContain('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
    expect(problems({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toContain('OTEL_EXPORTER_OTLP_PROTOCOL');
    expect(problems({ OTEL_TRACES_SAMPLER: 'parentbased_ratio' })).toContain('OTEL_TRACES_SAMPLER');
    expect(problems({ OTEL_TRACES_SAMPLER_ARG: '1.5' })).toContain('OTEL_TRACES_SAMPLER_ARG');
    expect(problems({ OTEL_TRACES_SAMPLER_ARG: 'half' })).toContain('OTEL_TRACES_SAMPLER_ARG');
    expect(problems({ OTEL_SDK_DISABLED: 'yes' })).toContain('OTEL_SDK_DISABLED');
  });

  it('accepts the standard samplers and a ratio', () => {
    const config = loadConfig(telemetryEnv, { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' });
    expect(config).toMatchObject({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: 0.25 });
  });

  it('declares nothing a service needs: every variable is optional', () => {
    expect(loadConfig(telemetryEnv, {})).toEqual({});
  });
});
