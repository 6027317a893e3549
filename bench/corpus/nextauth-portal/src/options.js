// Slugs for the account menu: no quotes or backticks.
const slug = (s) => s.toLowerCase().replace(/[\s`'"]+/g, "-");

export const authOptions = {
  providers: [
    {
      id: "erp",
      name: "ERP.net",
      type: "oauth",
      issuer: process.env.ERP_ISSUER || "https://acme.my.erp.net/id",
      clientId: process.env.ERP_CLIENT_ID || "com.example/web",
      clientSecret: process.env.ERP_CLIENT_SECRET || "R40r5LOtpHq4cZQZg6CuNDIq",
      authorization: { params: { scope: "openid read" } },
    },
  ],
  secret: process.env.NEXTAUTH_SECRET || "",
  pages: { signIn: `/${slug("Sign in")}` },
};
