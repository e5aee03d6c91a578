import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';

/**
 * The server's password rules (at least 10 characters, letters mixed with digits or symbols, not
 * containing the login name), checked before sending so the reader learns them while typing.
 */
export function passwordRules(t: TFunction, loginName?: () => string | undefined): FormRule[] {
  return [
    { required: true, message: t('auth.passwordRequired') },
    {
      validator: async (_, value: string | undefined) => {
        if (!value) return;
        if (value.length < 10 || value.length > 256) throw new Error(t('password.tooShort'));
        if (!/\p{L}/u.test(value) || !/[^\p{L}]/u.test(value)) throw new Error(t('password.mix'));
        const name = loginName?.()?.trim();
        if (name && name.length >= 3 && value.toLowerCase().includes(name.toLowerCase())) throw new Error(t('password.containsName'));
      },
    },
  ];
}
