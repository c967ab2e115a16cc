import type { MeDto } from '@zhanggui/contracts';
import { apiRequest } from './api-client';

export interface LoginResult {
  user: { username: string; displayName: string; mustChangePassword: boolean };
  expiresAt: string;
}

export const fetchMe = () => apiRequest<MeDto>('GET', '/auth/me');
export const login = (username: string, password: string) => apiRequest<LoginResult>('POST', '/auth/login', { body: { username, password } });
export const logout = () => apiRequest<{ ok: true }>('POST', '/auth/logout', { body: {} });
export const changePassword = (currentPassword: string, newPassword: string) =>
  apiRequest<{ ok: true }>('POST', '/auth/password', { body: { currentPassword, newPassword } });
