import { LogLevel } from "@azure/msal-browser";

export const b2cPolicies = {
  names: {
    signUpSignIn: "B2C_1_orders_signin",
    forgotPassword: "B2C_1_orders_reset",
    editProfile: "B2C_1_orders_edit",
  },
};

export const msalConfig = {
  auth: {
    clientId: "com.example/orders-spa",
    authority: "https://acme.my.erp.net/id",
    redirectUri: "https://orders.example.com/",
    postLogoutRedirectUri: "/",
  },
  cache: { cacheLocation: "sessionStorage", storeAuthStateInCookie: false },
  system: { loggerOptions: { logLevel: LogLevel.Warning } },
};

export const loginRequest = { scopes: ["openid", "read"] };
