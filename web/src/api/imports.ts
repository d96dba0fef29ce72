import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap } from './client';
import type { paths } from './schema';
import type { JobState } from './targeting';

type Json<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

export type ImportRun = Json<paths['/api/v1/imports/{id}']['get']['responses'][200]>;
export type ImportRunList = Json<paths['/api/v1/imports']['get']['responses'][200]>;
export type ImportMode = ImportRun['mode'];
export const importModes: readonly ImportMode[] = ['valid-only', 'all-or-nothing'];

/** The download links of the templates and of a run's error report (the browser sends the session cookie). */
export const importLinks = {
  xlsxTemplate: '/api/v1/imports/template.xlsx',
  csvTemplate: (file: 'households' | 'persons') => `/api/v1/imports/template/${file}.csv`,
  errors: (runId: number) => `/api/v1/imports/${runId}/errors.csv`,
};

export const importRunsQuery = (page: number, pageSize = 10) =>
  queryOptions({
    queryKey: ['imports', 'runs', page, pageSize],
    queryFn: () => unwrap(api.GET('/api/v1/imports', { params: { query: { page, pageSize } } })),
    placeholderData: keepPreviousData,
  });

export const importRunQuery = (id: number) =>
  queryOptions({
    queryKey: ['imports', 'run', id],
    queryFn: () => unwrap(api.GET('/api/v1/imports/{id}', { params: { path: { id } } })),
  });

export interface ImportUpload {
  householdFile: File;
  personFile: File | null;
  name: string;
  extractDate: string;
  mode: ImportMode;
}

/** Uploads an extract and answers the run and job ids (the import runs as a background job). */
export function useStartImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (upload: ImportUpload) => {
      const form = new FormData();
      form.append('householdFile', upload.householdFile);
      if (upload.personFile) form.append('personFile', upload.personFile);
      form.append('name', upload.name);
      form.append('extractDate', upload.extractDate);
      form.append('mode', upload.mode);
      return unwrap(
        api.POST('/api/v1/imports', {
          // The generated type calls the files strings; the request really is multipart with File objects.
          body: { householdFile: '', extractDate: upload.extractDate },
          bodySerializer: () => form,
        }),
      );
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['imports', 'runs'] }),
  });
}

/** Starts an interrupted run again (its staged rows are applied after the run's cursor). */
export function useResumeImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.POST('/api/v1/imports/{id}/resume', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['imports', 'runs'] }),
  });
}

/** A run that stopped with its server: rows staged or half applied, and no job running for it. */
export const canResume = (run: ImportRun) =>
  (run.status === 'staged' || run.status === 'applying') &&
  run.job?.status !== 'queued' &&
  run.job?.status !== 'running';

const finished = (state: JobState | null) => state?.status === 'succeeded' || state?.status === 'failed';

/**
 * Follows a job through its server-sent events (GET /jobs/{id}/events); if the stream cannot be opened or
 * breaks, reads the job once a second instead until it ends.
 */
export function useJobProgress(jobId: number | null): JobState | null {
  const [state, setState] = useState<JobState | null>(null);
  useEffect(() => {
    if (jobId === null) return undefined;
    let last: JobState | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    const update = (next: JobState) => {
      last = next;
      setState(next);
    };
    const poll = () => {
      timer = setInterval(() => {
        void unwrap(api.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId } } })).then((next) => {
          update(next);
          if (finished(next)) clearInterval(timer);
        });
      }, 1000);
    };
    const events = new EventSource(`/api/v1/jobs/${jobId}/events`);
    events.addEventListener('state', (event) => {
      update(JSON.parse((event as MessageEvent<string>).data) as JobState);
      if (finished(last)) events.close();
    });
    events.onerror = () => {
      events.close();
      if (!finished(last)) poll();
    };
    return () => {
      events.close();
      clearInterval(timer);
    };
  }, [jobId]);
  // A state of a job followed before is not this job's.
  return state?.id === jobId ? state : null;
}
