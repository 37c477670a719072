import type { Check } from './check';

/** No key of the run comes back, in a header or in the body: answers end up in logs and tickets. */
export const keyNotEchoed: Check = ({ response, secrets }) => {
  const body = response.body.toString('latin1');
  for (const secret of secrets) {
    if (secret.value.length < 4) continue;
    const where = Object.entries(response.headers).find(([, value]) => value.includes(secret.value))?.[0];
    const inBody = response.body.includes(Buffer.from(secret.value, 'utf8')) || body.includes(secret.value);
    if (where !== undefined || inBody) {
      return {
        check: 'key-not-echoed',
        message: `the answer echoes ${secret.placeholder} back`,
        expected: 'no key in the answer',
        actual: where !== undefined ? `in header ${where}` : 'in the body',
      };
    }
  }
  return undefined;
};
