import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, apiErrorOf, unwrap } from './client';
import type { paths } from './schema';

export type PublicStatus =
  paths['/api/v1/self-service/change-requests/status']['post']['responses'][200]['content']['application/json'];
export type ChangeRequest =
  paths['/api/v1/change-requests/{id}']['get']['responses'][200]['content']['application/json'];
export type ChangeRequestType = PublicStatus['type'];
export type ChangeRequestStatus = PublicStatus['status'];

/** The nine request types, in the order the form offers them (src/modules/requests/requests.schema.ts). */
export const changeRequestTypes: readonly ChangeRequestType[] = [
  'birth',
  'death',
  'move_in',
  'move_out',
  'household_split',
  'household_merge',
  'new_household',
  'correction',
  'recipient_challenge',
];

/** Document kinds a requester may attach (src/modules/requests/requests.rules.ts `evidenceKinds`). */
export const evidenceKinds = [
  'akta_kelahiran',
  'surat_keterangan_lahir',
  'akta_kematian',
  'surat_keterangan_kematian',
  'surat_pindah',
  'ktp',
  'kartu_keluarga',
  'surat_keterangan_domisili',
  'foto',
  'dokumen_pendukung',
] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

/** Which documents each type takes and how many at least (a copy of `typeRules` in requests.rules.ts). */
export const typeRules: Record<ChangeRequestType, { accepted: readonly EvidenceKind[]; min: number }> = {
  birth: { accepted: ['akta_kelahiran', 'surat_keterangan_lahir'], min: 1 },
  death: { accepted: ['akta_kematian', 'surat_keterangan_kematian'], min: 1 },
  move_in: { accepted: ['surat_pindah', 'ktp', 'kartu_keluarga'], min: 1 },
  move_out: { accepted: ['surat_pindah'], min: 1 },
  household_split: { accepted: ['kartu_keluarga'], min: 1 },
  household_merge: { accepted: ['kartu_keluarga'], min: 1 },
  new_household: { accepted: ['kartu_keluarga', 'surat_keterangan_domisili'], min: 1 },
  correction: { accepted: ['dokumen_pendukung', 'foto', 'ktp', 'kartu_keluarga'], min: 1 },
  recipient_challenge: { accepted: ['foto', 'dokumen_pendukung'], min: 0 },
};

async function send(url: string, init: RequestInit): Promise<PublicStatus> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', ...init });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw apiErrorOf(response, await response.json().catch(() => ({})));
  return (await response.json()) as PublicStatus;
}

export interface SelfServiceForm {
  nik: string;
  kkNumber: string;
  type: ChangeRequestType;
  payload: Record<string, unknown>;
  clientId: string;
  requesterName?: string;
  files: { file: File; kind: EvidenceKind }[];
}

/** A resident files a request with documents (multipart, no sign-in); the same client id returns the first one. */
export function useSubmitSelfService() {
  return useMutation({
    mutationFn: (form: SelfServiceForm) => {
      const body = new FormData();
      body.set('nik', form.nik);
      body.set('kkNumber', form.kkNumber);
      body.set('type', form.type);
      body.set('payload', JSON.stringify(form.payload));
      body.set('clientId', form.clientId);
      if (form.requesterName) body.set('requesterName', form.requesterName);
      for (const { file, kind } of form.files) {
        body.append('file', file, file.name);
        body.append('kind', kind);
      }
      return send('/api/v1/self-service/change-requests', { method: 'POST', body });
    },
  });
}

/** A requester checks a request by tracking code and NIK. */
export function useCheckStatus() {
  return useMutation({
    mutationFn: (query: { trackingCode: string; nik: string }) =>
      send('/api/v1/self-service/change-requests/status', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(query),
      }),
  });
}

/** Open requests of the reviewer's area with counts, overdue first. */
export const changeRequestInboxQuery = (page: number) =>
  queryOptions({
    queryKey: ['change-requests', 'inbox', page],
    queryFn: () => unwrap(api.GET('/api/v1/change-requests', { params: { query: { page, pageSize: 50 } } })),
    placeholderData: keepPreviousData,
  });

/** One request with its payload and evidence. */
export const changeRequestQuery = (id: number) =>
  queryOptions({
    queryKey: ['change-requests', 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/change-requests/{id}', { params: { path: { id } } })),
  });

export type DecisionBody = NonNullable<
  paths['/api/v1/change-requests/{id}/decision']['post']['requestBody']
>['content']['application/json'];

/** Takes a request into verification, or decides it; the inbox and the request are read again after. */
export function useReviewRequest(id: number) {
  const queryClient = useQueryClient();
  const refresh = async (result: ChangeRequest) => {
    queryClient.setQueryData(changeRequestQuery(id).queryKey, result);
    await queryClient.invalidateQueries({ queryKey: ['change-requests', 'inbox'] });
    if (result.householdId !== null)
      await queryClient.invalidateQueries({ queryKey: ['households', result.householdId] });
  };
  const verify = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/change-requests/{id}/verify', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  const decide = useMutation({
    mutationFn: (body: DecisionBody) =>
      unwrap(api.POST('/api/v1/change-requests/{id}/decision', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
  return { verify, decide };
}
