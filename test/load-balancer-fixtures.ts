/** The settings of `uiLoadBalancer` the tests give: an ACM certificate, an OIDC provider and a Cognito user pool. */

export const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab';

export const OIDC = {
  issuer: 'https://idp.example.com',
  authorizationEndpoint: 'https://idp.example.com/authorize',
  tokenEndpoint: 'https://idp.example.com/token',
  userInfoEndpoint: 'https://idp.example.com/userinfo',
};

export const COGNITO = {
  userPoolArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEfGhI',
  userPoolClientId: '1example23456789',
  userPoolDomain: 'kfp-login',
};
