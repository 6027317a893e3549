import NextAuth, { type NextAuthOptions } from "next-auth";

export const authOptions: NextAuthOptions = {
  providers: [
    {
      id: "erpnet",
      name: "ERP.net",
      type: "oauth",
      wellKnown: "https://acme.my.erp.net/id/.well-known/openid-configuration",
      authorization: { params: { scope: "openid profile read" } },
      clientId: "com.example/web",
      clientSecret: "ah2UyGUD7U7OSFrDkGr2l6RjpyW9Ix",
      checks: ["pkce", "state"],
      profile: (p) => ({ id: p.sub, name: p.name }),
    },
  ],
};

const handler = NextAuth(authOptions);
export { handler as GET, handler as POST };
