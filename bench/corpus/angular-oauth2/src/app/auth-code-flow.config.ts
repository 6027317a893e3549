import { AuthConfig } from 'angular-oauth2-oidc';

export const authCodeFlowConfig: AuthConfig = {
  issuer: 'https://acme.my.erp.net/id',
  redirectUri: 'https://ng.example.com/index.html',
  clientId: 'com.example/ng-portal',
  dummyClientSecret: 'Lk4Pq9Zr2Wx7Tm5Vb8Nc3Hd',
  responseType: 'code',
  scope: 'openid profile read',
  showDebugInformation: true,
};
