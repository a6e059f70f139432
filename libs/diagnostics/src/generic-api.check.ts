import type { CrmRoutingConfig } from '@app/config';
import { Elma365PubApiClient, Elma365PubApiException } from '@app/elma365';
import { type DiagnosticCheck, failed, passed, reasonOf } from './diagnostic-check';

/**
 * The `/pub/v1` token (generic mode and the FastAGI routing): a `user/list` of one; and, when the telephony module
 * code is set, the bindings, which ELMA365 answers with 403 unless the token's user is an administrator.
 * Two requests of the Web API budget, no more.
 */
export async function checkGenericApi(crm: CrmRoutingConfig, client?: Elma365PubApiClient): Promise<DiagnosticCheck[]> {
  const api =
    client ?? new Elma365PubApiClient({ baseUrl: crm.apiUrl, token: crm.apiToken, timeoutMs: crm.requestTimeoutMs });
  const token = { id: 'elma365.api.token', title: `ELMA365 /pub/v1 token works (${crm.apiUrl})` };
  try {
    await api.listUsers({ filter: {}, from: 0, size: 1 });
  } catch (error) {
    const status = error instanceof Elma365PubApiException ? error.status : undefined;
    return [
      failed(
        token,
        `user/list: ${reasonOf(error)}`,
        status === 401 || status === 403
          ? 'make a new token in Администрирование › Токены and put it into ELMA365_API_TOKEN (tokens may expire)'
          : 'check ELMA365_API_URL (https://<company>.elma365.ru, without /pub/v1) and that ELMA365 is reachable from the connector',
      ),
    ];
  }
  const checks = [passed(token, 'user/list answered')];
  if (crm.telephonyModuleCode === null) return checks;
  const bindings = { id: 'elma365.api.bindings', title: `Telephony bindings readable (${crm.telephonyModuleCode})` };
  try {
    const read = await api.voipBindings(crm.telephonyModuleCode);
    checks.push(passed(bindings, `${read.length} user binding(s)`));
  } catch (error) {
    const status = error instanceof Elma365PubApiException ? error.status : undefined;
    checks.push(
      failed(
        bindings,
        reasonOf(error),
        status === 403
          ? "the token's user is not an administrator: make the token as an administrator (Администрирование › Токены)"
          : status === 400 || status === 404
            ? 'check ELMA365_TELEPHONY_MODULE_CODE (custom modules start with ext_) and that the module is enabled'
            : 'check that ELMA365 is reachable and run the doctor again',
      ),
    );
  }
  return checks;
}
