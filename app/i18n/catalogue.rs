//! Every user-facing string, in English and French. Keep entries grouped by page.

use crate::catalogue;

catalogue! {
    // Layout
    SiteName { en: "Clubhouse", fr: "Clubhouse" }
    SkipToContent { en: "Skip to content", fr: "Aller au contenu" }
    NavHome { en: "Home", fr: "Accueil" }
    NavMain { en: "Main", fr: "Principale" }
    NavClubs { en: "My clubs", fr: "Mes clubs" }
    SignIn { en: "Sign in", fr: "Se connecter" }
    SignUp { en: "Sign up", fr: "S’inscrire" }
    SignOut { en: "Sign out", fr: "Se déconnecter" }
    LanguageSwitch { en: "Language", fr: "Langue" }
    FooterTagline {
        en: "Clubhouse — club software that runs on one server.",
        fr: "Clubhouse — un logiciel de club qui tourne sur un seul serveur.",
    }

    // Home page
    HomeTitle { en: "Run your club, live", fr: "Gérez votre club, en direct" }
    HomeLead {
        en: "Clubhouse runs amateur sports clubs — curling and pickleball first: member accounts, league registration with fees and taxes, schedules, and live scores that spectators watch change in their browsers.",
        fr: "Clubhouse gère les clubs sportifs amateurs — le curling et le pickleball d’abord : comptes des membres, inscriptions aux ligues avec frais et taxes, horaires, et pointages en direct que les spectateurs voient changer dans leur navigateur.",
    }
    HomeLiveTitle { en: "Live scoring", fr: "Pointage en direct" }
    HomeLiveBody {
        en: "Scorekeepers enter each end or rally from a phone at the sheet; every screen in the lounge updates within a second.",
        fr: "Les marqueurs entrent chaque manche ou échange depuis un téléphone près de la piste; chaque écran du salon se met à jour en moins d’une seconde.",
    }
    HomeRegistrationTitle { en: "Registration", fr: "Inscriptions" }
    HomeRegistrationBody {
        en: "Programs with capacity, waitlists that promote themselves, and fees with your province's taxes on every receipt.",
        fr: "Des programmes avec capacité, des listes d’attente qui avancent d’elles-mêmes et des frais avec les taxes de votre province sur chaque reçu.",
    }
    HomeOneServerTitle { en: "One server, a few files", fr: "Un serveur, quelques fichiers" }
    HomeOneServerBody {
        en: "Everything lives in SQLite files on one machine, backed up continuously. Nothing else to run.",
        fr: "Tout vit dans des fichiers SQLite sur une seule machine, sauvegardés en continu. Rien d’autre à faire tourner.",
    }
    HomeLiveNow { en: "Live now", fr: "En direct" }
    HomeNothingLive { en: "No public game is being played right now.", fr: "Aucune partie publique n’est en cours en ce moment." }
    HomeThisWeek { en: "This week", fr: "Cette semaine" }
    HomeClubs { en: "Clubs on this server", fr: "Clubs sur ce serveur" }
    HomeClubSearch { en: "Find a club", fr: "Trouver un club" }
    HomeSearch { en: "Search", fr: "Chercher" }
    HomeNoClubs { en: "No club found.", fr: "Aucun club trouvé." }
    ClubListed { en: "List the club on this server’s home page (its public events show there too)", fr: "Afficher le club sur la page d’accueil de ce serveur (ses compétitions publiques aussi)" }
    CalendarAdd { en: "This event in your calendar:", fr: "Cette compétition dans votre agenda :" }
    CalendarSubscribe { en: "subscribe", fr: "s’abonner" }
    CalendarLink { en: "feed address (for Google Calendar, “From URL”)", fr: "adresse du flux (pour Google Agenda, « À partir de l’URL »)" }
    CalendarLag { en: "Calendars refresh on their own schedule (Google’s about once a day): last-minute changes show here first.", fr: "Les agendas se mettent à jour à leur rythme (Google environ une fois par jour) : les changements de dernière minute paraissent d’abord ici." }
    ConfirmQuestion { en: "Are you sure? This cannot be undone.", fr: "En êtes-vous sûr? C’est irréversible." }
    ConfirmYes { en: "Yes: {action}", fr: "Oui : {action}" }
    EmbedTitle { en: "On your club’s website", fr: "Sur le site de votre club" }
    EmbedLead { en: "Paste this into a page of your website: the scoreboard shows there and updates live.", fr: "Collez ceci dans une page de votre site : le tableau s’y affiche et se met à jour en direct." }
    EmbedSnippet { en: "HTML to copy", fr: "HTML à copier" }
    EmbedPreview { en: "See the scoreboard alone", fr: "Voir le tableau seul" }
    EmbedMore { en: "Everything about this event", fr: "Tout sur cette compétition" }
    ClubPastEvents { en: "Past", fr: "Passées" }
    ClubProgramOpens { en: "Opens", fr: "Ouvre le" }
    ClubProgramOpen { en: "Registration open", fr: "Inscriptions ouvertes" }
    HomeSportsTitle { en: "Sports on this server", fr: "Sports sur ce serveur" }
    SportCurling { en: "Curling", fr: "Curling" }
    SportPickleball { en: "Pickleball", fr: "Pickleball" }

    // Errors
    ErrorNotFoundTitle { en: "Page not found", fr: "Page introuvable" }
    ErrorNotFoundBody {
        en: "There is no page at this address, or you may not see it.",
        fr: "Il n’y a pas de page à cette adresse, ou vous ne pouvez pas la voir.",
    }
    ErrorForbiddenTitle { en: "Not allowed", fr: "Action refusée" }
    ErrorForbiddenBody {
        en: "This action is not allowed. Reload the page and try again.",
        fr: "Cette action n’est pas permise. Rechargez la page et réessayez.",
    }
    ErrorInvalidTitle { en: "Please check what you entered", fr: "Veuillez vérifier votre saisie" }
    ErrorInvalidBody {
        en: "The request could not be understood. Reload the page and try again.",
        fr: "La requête n’a pas pu être comprise. Rechargez la page et réessayez.",
    }
    ErrorTooLargeTitle { en: "Too much data", fr: "Trop de données" }
    ErrorTooLargeBody {
        en: "What you sent is larger than this server accepts.",
        fr: "Ce que vous avez envoyé dépasse ce que ce serveur accepte.",
    }
    ErrorServerTitle { en: "Something went wrong", fr: "Un problème est survenu" }
    ErrorServerBody {
        en: "The server could not finish this request. Nothing you entered was lost; please try again in a moment.",
        fr: "Le serveur n’a pas pu terminer cette requête. Rien de ce que vous avez saisi n’est perdu; veuillez réessayer dans un instant.",
    }
    ErrorUnavailableTitle { en: "Temporarily unavailable", fr: "Temporairement indisponible" }
    ErrorUnavailableBody {
        en: "The server is busy or restarting. Please try again in a moment.",
        fr: "Le serveur est occupé ou redémarre. Veuillez réessayer dans un instant.",
    }
    ErrorNotUtf8 {
        en: "What you sent contains characters that are not valid text (not UTF-8). Nothing was saved; please type it again.",
        fr: "Ce que vous avez envoyé contient des caractères qui ne sont pas du texte valide (pas de l’UTF-8). Rien n’a été enregistré; veuillez le saisir de nouveau.",
    }
    ErrorMethodTitle { en: "Not possible at this address", fr: "Impossible à cette adresse" }
    ErrorMethodBody {
        en: "This address does not accept that kind of request.",
        fr: "Cette adresse n’accepte pas ce genre de requête.",
    }
    ErrorTimeoutTitle { en: "Too slow", fr: "Trop lent" }
    ErrorTimeoutBody {
        en: "The request took too long to arrive. Please try again.",
        fr: "La requête a mis trop de temps à arriver. Veuillez réessayer.",
    }
    ErrorReference { en: "Reference: {id}", fr: "Référence : {id}" }
    ErrorBackHome { en: "Back to the home page", fr: "Retour à l’accueil" }

    ErrorRefusedTitle { en: "That can’t be done", fr: "Impossible de faire cela" }
    ErrorTooManyTitle { en: "Too many attempts", fr: "Trop de tentatives" }
    ErrorTooManyBody {
        en: "Please wait a few minutes and try again.",
        fr: "Veuillez patienter quelques minutes et réessayer.",
    }

    // Forms
    Save { en: "Save", fr: "Enregistrer" }
    Saved { en: "Saved.", fr: "Enregistré." }
    Edit { en: "Edit", fr: "Modifier" }
    Remove { en: "Remove", fr: "Retirer" }
    Back { en: "Back", fr: "Retour" }
    ChooseOne { en: "Choose…", fr: "Choisir…" }
    FieldName { en: "Name", fr: "Nom" }
    FieldEmail { en: "Email", fr: "Courriel" }
    FieldPassword { en: "Password", fr: "Mot de passe" }
    FieldCurrentPassword { en: "Current password", fr: "Mot de passe actuel" }
    FieldNewPassword { en: "New password", fr: "Nouveau mot de passe" }
    FieldLanguage { en: "Language", fr: "Langue" }
    FieldBirthYear { en: "Year of birth (optional)", fr: "Année de naissance (facultatif)" }
    FieldRole { en: "Role", fr: "Rôle" }
    FieldRequired { en: "This field is required.", fr: "Ce champ est obligatoire." }
    FieldTooLong { en: "This is too long.", fr: "C’est trop long." }
    FieldInvalidCharacters {
        en: "This contains characters that are not allowed.",
        fr: "Ceci contient des caractères non permis.",
    }
    FieldInvalidChoice { en: "Choose one of the options.", fr: "Choisissez une des options." }
    EmailInvalid {
        en: "Enter an email address like name@example.com.",
        fr: "Entrez une adresse courriel comme nom@exemple.com.",
    }
    EmailTaken {
        en: "An account already uses this email. Sign in instead?",
        fr: "Un compte utilise déjà ce courriel. Voulez-vous plutôt vous connecter?",
    }
    PasswordHint {
        en: "At least 8 characters. A few unrelated words make a strong password.",
        fr: "Au moins 8 caractères. Quelques mots sans lien font un mot de passe solide.",
    }
    PasswordTooShort {
        en: "Use at least 8 characters.",
        fr: "Utilisez au moins 8 caractères.",
    }
    PasswordTooLong {
        en: "Use at most 128 characters.",
        fr: "Utilisez au plus 128 caractères.",
    }
    PasswordTooCommon {
        en: "This password is among the most common ones; choose another.",
        fr: "Ce mot de passe est parmi les plus courants; choisissez-en un autre.",
    }
    PasswordWrong { en: "The current password is not right.", fr: "Le mot de passe actuel est incorrect." }
    PasswordChanged { en: "Your password was changed.", fr: "Votre mot de passe a été changé." }

    // Sign up, sign in
    SignUpTitle { en: "Create your account", fr: "Créer votre compte" }
    SignUpButton { en: "Create account", fr: "Créer le compte" }
    HaveAccount { en: "Already have an account?", fr: "Vous avez déjà un compte?" }
    SignUpSentTitle { en: "Check your email", fr: "Vérifiez vos courriels" }
    SignUpSentBody {
        en: "We sent a message to {email}. Follow its link within 24 hours to confirm your address and sign in.",
        fr: "Nous avons envoyé un message à {email}. Suivez son lien dans les 24 heures pour confirmer votre adresse et vous connecter.",
    }
    SignUpSentSignIn { en: "Already confirmed, or already have an account?", fr: "Adresse déjà confirmée, ou vous avez déjà un compte?" }
    VerifyNoEmailHere {
        en: "This server sends no email, so here is the link that confirms {email} and signs you in:",
        fr: "Ce serveur n’envoie pas de courriel; voici donc le lien qui confirme {email} et vous connecte :",
    }
    VerifyTitle { en: "Confirm your email address", fr: "Confirmez votre adresse courriel" }
    VerifyLead {
        en: "Confirm that {email} is the address of {name}’s account.",
        fr: "Confirmez que {email} est l’adresse du compte de {name}.",
    }
    VerifyConfirm { en: "Confirm my address", fr: "Confirmer mon adresse" }
    VerifyDone { en: "Your address is confirmed. Welcome!", fr: "Votre adresse est confirmée. Bienvenue!" }
    VerifyDoneSignIn {
        en: "Your address is confirmed. Sign in with the account’s password — or, if you did not create this account, choose a new password (“Forgot your password?”) to make it yours.",
        fr: "Votre adresse est confirmée. Connectez-vous avec le mot de passe du compte — ou, si vous n’avez pas créé ce compte, choisissez un nouveau mot de passe (« Mot de passe oublié? ») pour qu’il soit à vous.",
    }
    VerifyGoneTitle { en: "This link no longer works", fr: "Ce lien ne fonctionne plus" }
    VerifyGoneBody {
        en: "It was used already, has expired (links last 24 hours), or was sent to an address the account no longer has. Ask for a new one.",
        fr: "Il a déjà servi, a expiré (les liens durent 24 heures) ou a été envoyé à une adresse que le compte n’a plus. Demandez-en un nouveau.",
    }
    VerifyPending {
        en: "Confirm your address: we sent a link to {email}. Until then you can look around, but not register for programs or join clubs.",
        fr: "Confirmez votre adresse : nous avons envoyé un lien à {email}. D’ici là, vous pouvez explorer, mais pas vous inscrire à des programmes ni vous joindre à des clubs.",
    }
    VerifyResend { en: "Send the link again", fr: "Renvoyer le lien" }
    VerifyAlready { en: "Your address is confirmed already.", fr: "Votre adresse est déjà confirmée." }
    VerifyResent { en: "We sent a new link to {email}.", fr: "Nous avons envoyé un nouveau lien à {email}." }
    VerifyResentHere { en: "This server sends no email; your new link:", fr: "Ce serveur n’envoie pas de courriel; votre nouveau lien :" }
    VerifyResendWait {
        en: "A link was sent a moment ago. You can ask again in {minutes} min.",
        fr: "Un lien vient d’être envoyé. Vous pourrez en redemander un dans {minutes} min.",
    }
    InvitationOtherAddress {
        en: "This invitation was sent to another email address. Sign in with that address, or ask the club for a new link.",
        fr: "Cette invitation a été envoyée à une autre adresse courriel. Connectez-vous avec cette adresse, ou demandez un nouveau lien au club.",
    }
    InvitationFor { en: "This invitation is for {email}.", fr: "Cette invitation est pour {email}." }
    VerifyNeeded {
        en: "Confirm your email address first: follow the link we sent you (or ask for a new one at the top of the page).",
        fr: "Confirmez d’abord votre adresse courriel : suivez le lien que nous vous avons envoyé (ou demandez-en un nouveau en haut de la page).",
    }
    SignUpThrottled {
        en: "Too many accounts were created from your network just now. Please try again in a few minutes.",
        fr: "Trop de comptes ont été créés depuis votre réseau à l’instant. Veuillez réessayer dans quelques minutes.",
    }
    PasswordNeededForEmail {
        en: "Enter your current password to change your email address.",
        fr: "Entrez votre mot de passe actuel pour changer votre adresse courriel.",
    }
    PasswordForEmailHint {
        en: "Needed only to change your email address.",
        fr: "Nécessaire seulement pour changer votre adresse courriel.",
    }
    EmailChangedCheck {
        en: "Saved. We sent a link to {email}: follow it to confirm your new address.",
        fr: "Enregistré. Nous avons envoyé un lien à {email} : suivez-le pour confirmer votre nouvelle adresse.",
    }
    WelcomeNew { en: "Welcome, {name}!", fr: "Bienvenue, {name}!" }
    SignInTitle { en: "Sign in", fr: "Connexion" }
    SignInButton { en: "Sign in", fr: "Se connecter" }
    NoAccount { en: "New here?", fr: "Nouveau ici?" }
    SignInFailed {
        en: "That email and password don’t match an account.",
        fr: "Ce courriel et ce mot de passe ne correspondent à aucun compte.",
    }
    SignInThrottled {
        en: "Too many sign-in attempts. Please wait a few minutes, then try again.",
        fr: "Trop de tentatives de connexion. Patientez quelques minutes, puis réessayez.",
    }

    // Account and profiles
    AccountTitle { en: "Your account", fr: "Votre compte" }
    AccountDetails { en: "Details", fr: "Renseignements" }
    AccountPassword { en: "Password", fr: "Mot de passe" }
    ChangePassword { en: "Change password", fr: "Changer le mot de passe" }
    ProfilesTitle { en: "Player profiles", fr: "Profils de joueurs" }
    ProfilesLead {
        en: "The people you register for programs: you, and for example your children.",
        fr: "Les personnes que vous inscrivez aux programmes : vous, et par exemple vos enfants.",
    }
    ProfileYou { en: "you", fr: "vous" }
    ProfileAdd { en: "Add a profile", fr: "Ajouter un profil" }
    ProfileAdded { en: "Profile added.", fr: "Profil ajouté." }
    ProfileEdit { en: "Edit profile", fr: "Modifier le profil" }
    ProfileRemoved { en: "Profile removed.", fr: "Profil retiré." }
    ProfileSelfCannotBeRemoved {
        en: "Your own profile stays with your account.",
        fr: "Votre propre profil reste lié à votre compte.",
    }
    BirthYearInvalid {
        en: "Enter a year between 1900 and this year, or leave it empty.",
        fr: "Entrez une année entre 1900 et cette année, ou laissez vide.",
    }

    // Clubs
    ClubsTitle { en: "My clubs", fr: "Mes clubs" }
    ClubsNone {
        en: "You don’t belong to a club yet. Create one, or ask your club for an invitation link.",
        fr: "Vous n’êtes membre d’aucun club. Créez-en un, ou demandez un lien d’invitation à votre club.",
    }
    ClubNew { en: "Create a club", fr: "Créer un club" }
    ClubCreate { en: "Create club", fr: "Créer le club" }
    ClubName { en: "Club name", fr: "Nom du club" }
    ClubSlug { en: "Short name for web addresses", fr: "Nom court pour les adresses web" }
    ClubSlugHint {
        en: "3 to 40 lowercase letters, digits and hyphens, e.g. rideau-curling.",
        fr: "3 à 40 lettres minuscules, chiffres et traits d’union, p. ex. rideau-curling.",
    }
    ClubSport { en: "Sport", fr: "Sport" }
    ClubRegion { en: "Province or state", fr: "Province ou État" }
    ClubYourRole { en: "Your role:", fr: "Votre rôle :" }
    SlugInvalid {
        en: "Use 3 to 40 lowercase letters, digits and single hyphens.",
        fr: "Utilisez 3 à 40 lettres minuscules, chiffres et traits d’union simples.",
    }
    SlugTaken { en: "Another club already uses this short name.", fr: "Un autre club utilise déjà ce nom court." }

    // Roles and members
    RoleOwner { en: "Owner", fr: "Propriétaire" }
    RoleAdmin { en: "Admin", fr: "Administrateur" }
    RoleScorekeeper { en: "Scorekeeper", fr: "Marqueur" }
    RoleMember { en: "Member", fr: "Membre" }
    MembersTitle { en: "Members", fr: "Membres" }
    RoleChanged { en: "Role changed.", fr: "Rôle modifié." }
    MemberRemoved { en: "Member removed.", fr: "Membre retiré." }
    RoleNotAllowed {
        en: "Only an owner can make or change owners.",
        fr: "Seul un propriétaire peut nommer ou changer des propriétaires.",
    }
    LastOwner {
        en: "A club needs at least one owner: make someone else an owner first.",
        fr: "Un club doit avoir au moins un propriétaire : nommez d’abord quelqu’un d’autre.",
    }

    // Invitations
    InviteTitle { en: "Invite someone", fr: "Inviter quelqu’un" }
    InviteLead {
        en: "Create a one-time link and send it to the person you are inviting. It works once, for 14 days.",
        fr: "Créez un lien à usage unique et envoyez-le à la personne invitée. Il fonctionne une fois, pendant 14 jours.",
    }
    InviteCreate { en: "Create invitation link", fr: "Créer un lien d’invitation" }
    InviteCreated { en: "Invitation link — copy it and send it:", fr: "Lien d’invitation — copiez-le et envoyez-le :" }
    InvitationTitle { en: "Invitation", fr: "Invitation" }
    InvitedTo { en: "You are invited to join {club} as {role}.", fr: "Vous êtes invité à joindre {club} comme {role}." }
    InvitationSignInFirst {
        en: "Sign in, or create an account, to accept.",
        fr: "Connectez-vous, ou créez un compte, pour accepter.",
    }
    InvitationAccept { en: "Accept invitation", fr: "Accepter l’invitation" }
    InvitationAccepted { en: "Welcome to {club}!", fr: "Bienvenue au {club}!" }

    // Sheets and courts
    SheetsTitle { en: "Sheets", fr: "Pistes" }
    SheetsNone { en: "No sheets yet.", fr: "Aucune piste pour l’instant." }
    CourtsTitle { en: "Courts", fr: "Terrains" }
    CourtsNone { en: "No courts yet.", fr: "Aucun terrain pour l’instant." }
    SheetAdd { en: "Add", fr: "Ajouter" }
    SheetNameTaken { en: "This name is already used here.", fr: "Ce nom est déjà utilisé ici." }
    SheetInUse {
        en: "A game is on this sheet or court: move or remove that game first.",
        fr: "Une partie est prévue sur cette piste ou ce terrain : déplacez ou supprimez d’abord cette partie.",
    }
    EventRulesLocked {
        en: "These rules would change the result of a game already played (or the score of one in play), so they cannot change now.",
        fr: "Ces règles changeraient le résultat d’une partie déjà jouée (ou le pointage d’une partie en cours); elles ne peuvent donc pas changer maintenant.",
    }
    EventHasScores {
        en: "This event has scores, so it cannot be deleted. Archive it instead: it is kept, but listed apart.",
        fr: "Cet événement a des pointages; il ne peut donc pas être supprimé. Archivez-le plutôt : il est conservé, mais classé à part.",
    }
    TeamHasGames {
        en: "This team has games. Remove them first, or withdraw the team instead.",
        fr: "Cette équipe a des parties. Supprimez-les d’abord, ou retirez plutôt l’équipe.",
    }
    TeamWithdrawn { en: "This team has withdrawn from the event.", fr: "Cette équipe s’est retirée de l’événement." }
    DrawHasScores {
        en: "A game of this draw has started, so the draw cannot be deleted (it can be moved).",
        fr: "Une partie de ce tirage est commencée; le tirage ne peut donc pas être supprimé (il peut être déplacé).",
    }
    DrawSameTime {
        en: "Another draw of this event is at that moment already.",
        fr: "Un autre tirage de cet événement a déjà lieu à ce moment.",
    }
    GameStartedLocked {
        en: "This game has started: change it with the scorekeeper’s corrections, which keep the record of every change.",
        fr: "Cette partie est commencée : modifiez-la avec les corrections du marqueur, qui gardent la trace de chaque changement.",
    }
    GameCallNotNow { en: "That cannot be done to this game in its present state.", fr: "Impossible de faire cela à cette partie dans son état actuel." }
    TieOrderInvalid {
        en: "Put every tied team in the order, each once.",
        fr: "Placez chaque équipe à égalité dans l’ordre, une fois chacune.",
    }
    LsdRequired { en: "Enter each stone’s distance, or tick “missed the house”.", fr: "Entrez la distance de chaque pierre, ou cochez « hors de la maison »." }
    LsdInvalid { en: "Enter a distance in centimetres, like 35.3.", fr: "Entrez une distance en centimètres, comme 35,3." }
    LsdTooFar {
        en: "That is past the edge of the house: tick “missed the house” instead.",
        fr: "C’est au-delà du bord de la maison : cochez plutôt « hors de la maison ».",
    }
    LsdAfterStart {
        en: "Last-stone draws are recorded before the game starts.",
        fr: "Les tirs au bouton se notent avant le début de la partie.",
    }
    ScheduleNoSheets { en: "Choose at least one sheet or court.", fr: "Choisissez au moins une piste ou un terrain." }
    ScheduleDateInPast { en: "Choose today or a later date.", fr: "Choisissez aujourd’hui ou une date ultérieure." }
    ScheduleNoWeekdays { en: "Choose at least one day of the week.", fr: "Choisissez au moins un jour de la semaine." }
    ScheduleTimesInvalid {
        en: "Give the draw times as hours and minutes, comma-separated, like 19:00, 21:15.",
        fr: "Donnez les heures des tirages en heures et minutes, séparées par des virgules, comme 19:00, 21:15.",
    }
    ScheduleTimePerDraw {
        en: "Give a time for each draw of the night.",
        fr: "Donnez une heure pour chaque tirage de la soirée.",
    }
    ScheduleExcludedInvalid {
        en: "Give the dates with no draws as year-month-day, like 2027-02-16, one per line or comma-separated.",
        fr: "Donnez les dates sans tirage en année-mois-jour, comme 2027-02-16, une par ligne ou séparées par des virgules.",
    }
    ScheduleChanged {
        en: "The event’s schedule changed while you were looking at the preview. Here is a new one.",
        fr: "L’horaire de l’événement a changé pendant que vous regardiez l’aperçu. En voici un nouveau.",
    }

    // Password reset
    ForgotPassword { en: "Forgot your password?", fr: "Mot de passe oublié?" }
    PasswordResetTitle { en: "Reset your password", fr: "Réinitialiser votre mot de passe" }
    PasswordResetLead {
        en: "Enter your account’s email; we’ll send you a link to choose a new password.",
        fr: "Entrez le courriel de votre compte; nous vous enverrons un lien pour choisir un nouveau mot de passe.",
    }
    PasswordResetSend { en: "Send the link", fr: "Envoyer le lien" }
    PasswordResetSent {
        en: "If an account uses {email}, a link to reset its password is on its way. It works once, for one hour.",
        fr: "Si un compte utilise {email}, un lien pour réinitialiser son mot de passe est en route. Il fonctionne une fois, pendant une heure.",
    }
    PasswordResetDone {
        en: "Your password was changed. Sign in with the new one.",
        fr: "Votre mot de passe a été changé. Connectez-vous avec le nouveau.",
    }

    // Emails
    MailHello { en: "Hello {name},", fr: "Bonjour {name}," }
    MailResetSubject { en: "Reset your Clubhouse password", fr: "Réinitialiser votre mot de passe Clubhouse" }
    MailResetBody {
        en: "Someone asked to reset the password of your account. This link lets you choose a new one; it works once, for one hour:",
        fr: "Quelqu’un a demandé de réinitialiser le mot de passe de votre compte. Ce lien vous permet d’en choisir un nouveau; il fonctionne une fois, pendant une heure :",
    }
    MailResetButton { en: "Choose a new password", fr: "Choisir un nouveau mot de passe" }
    MailResetIgnore {
        en: "If you didn’t ask for this, ignore this email: your password stays as it is.",
        fr: "Si vous n’avez rien demandé, ignorez ce courriel : votre mot de passe ne change pas.",
    }
    MailInviteSubject { en: "You’re invited to {club}", fr: "Vous êtes invité au {club}" }
    MailInviteBody {
        en: "{inviter} invites you to join {club} on Clubhouse as {role}. The link works once, for 14 days:",
        fr: "{inviter} vous invite à joindre {club} sur Clubhouse comme {role}. Le lien fonctionne une fois, pendant 14 jours :",
    }
    MailTo { en: "To", fr: "À" }
    MailVerifySubject { en: "Confirm your email address for Clubhouse", fr: "Confirmez votre adresse courriel pour Clubhouse" }
    MailVerifyBody {
        en: "Follow this link within 24 hours to confirm that this address is yours. Until then you can look around, but not register for programs or join clubs.",
        fr: "Suivez ce lien dans les 24 heures pour confirmer que cette adresse est la vôtre. D’ici là, vous pouvez explorer, mais pas vous inscrire à des programmes ni vous joindre à des clubs.",
    }
    MailVerifyIgnore {
        en: "If you did not create a Clubhouse account, ignore this email: nothing happens without the link.",
        fr: "Si vous n’avez pas créé de compte Clubhouse, ignorez ce courriel : rien ne se passe sans le lien.",
    }
    MailExistsSubject { en: "You already have a Clubhouse account", fr: "Vous avez déjà un compte Clubhouse" }
    MailExistsBody {
        en: "Someone tried to sign up with this address, which already has an account. If it was you, sign in (or choose a new password from the sign-in page). If it was not, nothing changed and you need do nothing.",
        fr: "Quelqu’un a tenté de s’inscrire avec cette adresse, qui a déjà un compte. Si c’était vous, connectez-vous (ou choisissez un nouveau mot de passe depuis la page de connexion). Sinon, rien n’a changé et vous n’avez rien à faire.",
    }
    MailEmailChangedSubject { en: "Your Clubhouse email address was changed", fr: "Votre adresse courriel Clubhouse a été changée" }
    MailEmailChangedBody {
        en: "Your account’s email address was changed to {email}. If you did not do this, reset your password from the sign-in page at once.",
        fr: "L’adresse courriel de votre compte a été changée pour {email}. Si ce n’est pas vous, réinitialisez tout de suite votre mot de passe depuis la page de connexion.",
    }

    // Operator: jobs and mailbox
    OperatorJobs { en: "Jobs", fr: "Tâches" }
    OperatorMailbox { en: "Mailbox", fr: "Boîte de courriels" }
    OperatorChanged { en: "{n} job(s) changed.", fr: "{n} tâche(s) modifiée(s)." }
    OperatorBackups { en: "Backups", fr: "Sauvegardes" }

    // A club's data: export and deletion
    ClubExportTitle { en: "Export the club’s data", fr: "Exporter les données du club" }
    ClubExportLead {
        en: "A standalone SQLite file with everything the club has here — events, games and scores, programs and registrations, sheets or courts, sales taxes and receipt details — and its members’ names and roles (no emails or passwords). It opens in any SQLite tool.",
        fr: "Un fichier SQLite autonome avec tout ce que le club a ici — compétitions, parties et pointages, programmes et inscriptions, pistes ou terrains, taxes de vente et renseignements sur les reçus — ainsi que le nom et le rôle de ses membres (sans courriels ni mots de passe). Il s’ouvre avec n’importe quel outil SQLite.",
    }
    ClubExportStart { en: "Export now", fr: "Exporter maintenant" }
    ClubExportStarted { en: "The export has started: its progress shows below.", fr: "L’exportation a commencé : sa progression s’affiche ci-dessous." }
    ClubExportNone { en: "No exports yet.", fr: "Aucune exportation pour l’instant." }
    ClubExportQueued { en: "queued", fr: "en file" }
    ClubExportRunning { en: "in progress", fr: "en cours" }
    ClubExportReady { en: "ready", fr: "prête" }
    ClubExportFailed { en: "failed", fr: "échouée" }
    ClubExportRows { en: "{rows} rows", fr: "{rows} lignes" }
    ClubExportDownload { en: "Download", fr: "Télécharger" }
    ClubDeleteTitle { en: "Delete the club", fr: "Supprimer le club" }
    ClubDeleteWarning {
        en: "This deletes {club} and all its data — events, scores, programs, registrations, memberships — from every file. It cannot be undone: export the club’s data first if anyone may need it. A record that the club existed, and who deleted it when, is kept.",
        fr: "Cette action supprime {club} et toutes ses données — compétitions, pointages, programmes, inscriptions, adhésions — de tous les fichiers. Elle est irréversible : exportez d’abord les données du club si quelqu’un pourrait en avoir besoin. Une trace de l’existence du club, et de qui l’a supprimé et quand, est conservée.",
    }
    ClubDeleteConfirm { en: "Type the club’s name to confirm", fr: "Tapez le nom du club pour confirmer" }
    ClubDeleteButton { en: "Delete the club and its data", fr: "Supprimer le club et ses données" }
    ClubDeleteNameMismatch { en: "That is not the club’s name: type it exactly as shown.", fr: "Ce n’est pas le nom du club : tapez-le exactement comme affiché." }
    ClubDeletionTitle { en: "Deleting {club}", fr: "Suppression de {club}" }
    ClubDeletionProgress { en: "{done} of {total} steps done; {rows} rows removed.", fr: "{done} étapes sur {total} terminées; {rows} lignes retirées." }
    ClubDeletionDone { en: "{club} is deleted: {rows} rows removed from every file.", fr: "{club} est supprimé : {rows} lignes retirées de tous les fichiers." }
    ClubDeletionFailed { en: "Deleting {club} stopped with an error; it will be tried again.", fr: "La suppression de {club} s’est arrêtée sur une erreur; elle sera reprise." }
    ClubData { en: "Export or delete", fr: "Exporter ou supprimer" }
    DeletedClubsTitle { en: "Deleted clubs (kept for audit)", fr: "Clubs supprimés (conservés pour vérification)" }
    DeletedClubsNone { en: "No club has been deleted.", fr: "Aucun club n’a été supprimé." }

    // Operator: backups
    BackupsPostgres {
        en: "The data is in PostgreSQL (CLUBHOUSE_DATABASE_URL), one schema per store. Litestream, the file snapshots and their verifications do not apply here: back the database up with pg_dump or pgBackRest.",
        fr: "Les données sont dans PostgreSQL (CLUBHOUSE_DATABASE_URL), un schéma par base. Litestream, les instantanés de fichiers et leurs vérifications ne s’appliquent pas ici : sauvegardez la base avec pg_dump ou pgBackRest.",
    }
    BackupsOff {
        en: "Backups are off (CLUBHOUSE_LITESTREAM=0): nothing is replicated or verified.",
        fr: "Les sauvegardes sont désactivées (CLUBHOUSE_LITESTREAM=0) : rien n’est répliqué ni vérifié.",
    }
    BackupsExternal {
        en: "Litestream runs beside the app (CLUBHOUSE_LITESTREAM=external); the verifications below show whether it works.",
        fr: "Litestream tourne à côté de l’application (CLUBHOUSE_LITESTREAM=external); les vérifications ci-dessous montrent s’il fonctionne.",
    }
    BackupsRunning {
        en: "Litestream is running (process {pid}, since {since}; restarts: {restarts}).",
        fr: "Litestream tourne (processus {pid}, depuis {since}; redémarrages : {restarts}).",
    }
    BackupsDown {
        en: "Litestream is not running: {reason}. The app keeps serving and starts it again.",
        fr: "Litestream ne tourne pas : {reason}. L’application continue de servir et le relance.",
    }
    BackupsStarting { en: "Litestream is starting.", fr: "Litestream démarre." }
    BackupsReplica { en: "Replica: {replica}", fr: "Réplique : {replica}" }
    BackupsFreeDisk { en: "Free disk where the database files are: {free}", fr: "Espace libre là où sont les fichiers de données : {free}" }
    BackupsDegraded { en: "Degraded", fr: "Dégradé" }
    BackupsFile { en: "File", fr: "Fichier" }
    BackupsDbSize { en: "Size", fr: "Taille" }
    BackupsWalSize { en: "WAL", fr: "WAL" }
    BackupsLastReplicated { en: "Last replicated", fr: "Dernière réplication" }
    BackupsReplicaSize { en: "Replica size", fr: "Taille de la réplique" }
    BackupsVerification { en: "Last verification", fr: "Dernière vérification" }
    BackupsLag { en: "Lag", fr: "Délai" }
    BackupsPassed { en: "passed", fr: "réussie" }
    BackupsFailed { en: "failed", fr: "échouée" }
    BackupsNever { en: "never", fr: "jamais" }
    BackupsVerifyNow { en: "Verify now", fr: "Vérifier maintenant" }
    BackupsVerifyQueued {
        en: "Verification queued: the results appear here within a minute.",
        fr: "Vérification mise en file : les résultats s’afficheront ici d’ici une minute.",
    }
    BackupsHowVerified {
        en: "Every hour a job writes a sentinel row into each file, waits for Litestream to ship it, restores the file from the replica into a temporary folder, and checks the sentinel and the file’s integrity. The lag is the time from the sentinel’s commit to a restore that holds it.",
        fr: "Toutes les heures, une tâche écrit une ligne témoin dans chaque fichier, attend que Litestream l’expédie, restaure le fichier depuis la réplique dans un dossier temporaire, puis vérifie la ligne témoin et l’intégrité du fichier. Le délai va de l’enregistrement de la ligne témoin à une restauration qui la contient.",
    }
    JobsQueues { en: "Queues", fr: "Files" }
    JobsQueue { en: "Queue", fr: "File" }
    JobsKind { en: "Kind", fr: "Type" }
    JobsScheduled { en: "Scheduled", fr: "Planifiées" }
    JobsReady { en: "Ready", fr: "Prêtes" }
    JobsRunning { en: "Running", fr: "En cours" }
    JobsRetrying { en: "Failed, will retry", fr: "Échouées, à réessayer" }
    JobsDead { en: "Dead", fr: "Abandonnées" }
    JobsFinished { en: "Finished", fr: "Terminées" }
    JobsPaused { en: "paused", fr: "en pause" }
    JobsPause { en: "Pause", fr: "Pause" }
    JobsResume { en: "Resume", fr: "Reprendre" }
    JobsFilter { en: "Filter", fr: "Filtrer" }
    JobsRetryAll { en: "Retry all shown", fr: "Réessayer toutes" }
    JobsDiscardAll { en: "Discard all shown", fr: "Supprimer toutes" }
    JobsAttempts { en: "Attempts", fr: "Essais" }
    JobsWhen { en: "When", fr: "Quand" }
    JobsError { en: "Last error", fr: "Dernière erreur" }
    JobsNone { en: "No jobs here.", fr: "Aucune tâche ici." }
    JobsWorkers { en: "Workers", fr: "Travailleurs" }
    JobsHeartbeat { en: "heartbeat", fr: "signe de vie" }
    JobsRecurring { en: "Recurring jobs", fr: "Tâches récurrentes" }
    JobsLastRun { en: "last", fr: "dernière" }
    JobsNextRun { en: "next", fr: "prochaine" }
    JobTitle { en: "Job", fr: "Tâche" }
    JobState { en: "State", fr: "État" }
    JobPriority { en: "priority", fr: "priorité" }
    JobCreated { en: "Created", fr: "Créée" }
    JobRunAt { en: "Run at", fr: "Exécution" }
    JobClaimed { en: "Claimed by", fr: "Prise par" }
    JobArguments { en: "Arguments", fr: "Arguments" }
    JobRetry { en: "Retry", fr: "Réessayer" }
    JobRunNow { en: "Run now", fr: "Exécuter maintenant" }
    JobDiscard { en: "Discard", fr: "Supprimer" }
    TimeAgo { en: "{t} ago", fr: "il y a {t}" }
    TimeIn { en: "in {t}", fr: "dans {t}" }
    MailboxLead {
        en: "Every email the app sent or would have sent. Without SMTP_URL, nothing leaves the server: this is where to read them.",
        fr: "Chaque courriel que l’application a envoyé ou aurait envoyé. Sans SMTP_URL, rien ne quitte le serveur : c’est ici qu’on les lit.",
    }
    MailboxEmpty { en: "No email yet.", fr: "Aucun courriel pour l’instant." }
    MailHtmlVersion { en: "See the HTML version", fr: "Voir la version HTML" }
    MailBodyNotKept {
        en: "Not kept: this email carried a link that signs someone in, resets a password or accepts an invitation, so once sent only who it went to and how it fared are kept.",
        fr: "Non conservé : ce courriel portait un lien qui connecte quelqu’un, réinitialise un mot de passe ou accepte une invitation; une fois envoyé, on ne garde que le destinataire et le résultat.",
    }
    InviteEmail { en: "Email it to (optional)", fr: "L’envoyer par courriel à (facultatif)" }
    InviteEmailed {
        en: "Invitation emailed to {email}. The link, to copy if needed:",
        fr: "Invitation envoyée à {email}. Le lien, à copier au besoin :",
    }

    // Competitions and live scoring
    EventsTitle { en: "Events", fr: "Compétitions" }
    EventsNone { en: "No events yet.", fr: "Aucune compétition pour l’instant." }
    EventNew { en: "New event", fr: "Nouvelle compétition" }
    EventCreate { en: "Create the event", fr: "Créer la compétition" }
    EventKindField { en: "Kind", fr: "Type" }
    EventKindLeague { en: "League season", fr: "Saison de ligue" }
    EventKindBonspiel { en: "Bonspiel", fr: "Bonspiel" }
    EventKindChampionship { en: "Championship", fr: "Championnat" }
    EventAudienceField { en: "Who may watch", fr: "Qui peut regarder" }
    EventPublic { en: "Anyone (public)", fr: "Tout le monde (public)" }
    EventMembersOnly { en: "Club members only", fr: "Membres du club seulement" }
    EventManage { en: "Teams, draws and games", fr: "Équipes, tirages et parties" }
    RulesEndsField { en: "Ends per game", fr: "Manches par partie" }
    RulesEnds { en: "{ends} ends", fr: "{ends} manches" }
    RulesMixedDoubles { en: "Mixed doubles", fr: "Double mixte" }
    RulesExtraEnds { en: "Extra ends while tied", fr: "Manches supplémentaires en cas d’égalité" }
    RulesPointsField { en: "Points to win a game", fr: "Points pour gagner une manche" }
    RulesPickleball { en: "Games to {points}, best of {best_of}", fr: "Manches de {points} points, au meilleur de {best_of}" }
    RulesWinByTwo { en: "Win by 2", fr: "Gagner par 2" }
    RulesBestOfField { en: "Best of (games)", fr: "Au meilleur de (manches)" }
    RulesScoringField { en: "Scoring", fr: "Pointage" }
    RulesSideOut { en: "Side-out scoring", fr: "Pointage au service" }
    RulesRally { en: "Rally scoring", fr: "Pointage à chaque échange" }
    RulesFormatField { en: "Format", fr: "Format" }
    RulesDoubles { en: "Doubles", fr: "Double" }
    RulesSingles { en: "Singles", fr: "Simple" }
    TeamsTitle { en: "Teams", fr: "Équipes" }
    TeamsNone { en: "No teams yet.", fr: "Aucune équipe pour l’instant." }
    TeamAdd { en: "Add the team", fr: "Ajouter l’équipe" }
    TeamName { en: "Team name", fr: "Nom de l’équipe" }
    TeamNameTaken { en: "This event already has a team by that name.", fr: "Cette compétition a déjà une équipe de ce nom." }
    PositionSkip { en: "Skip", fr: "Capitaine" }
    PositionVice { en: "Vice", fr: "Vice-capitaine" }
    PositionSecond { en: "Second", fr: "Deuxième" }
    PositionLead { en: "Lead", fr: "Premier" }
    PositionAlternate { en: "Alternate", fr: "Substitut" }
    PositionPlayer { en: "Player", fr: "Joueur" }
    Player1 { en: "Player 1", fr: "Joueur 1" }
    Player2 { en: "Player 2 (doubles)", fr: "Joueur 2 (double)" }
    DrawsTitle { en: "Draws", fr: "Tirages" }
    DrawsNone { en: "No draws scheduled yet.", fr: "Aucun tirage prévu pour l’instant." }
    DrawAdd { en: "Add the draw", fr: "Ajouter le tirage" }
    DrawStartsAt { en: "Date and time (club time)", fr: "Date et heure (heure du club)" }
    DrawField { en: "Draw", fr: "Tirage" }
    DrawCurrent { en: "Current draw", fr: "Tirage en cours" }
    SheetField { en: "Sheet or court", fr: "Piste ou terrain" }
    SheetNone { en: "(none)", fr: "(aucun)" }
    Team1Field { en: "First team", fr: "Première équipe" }
    Team2Field { en: "Second team", fr: "Deuxième équipe" }
    GameAdd { en: "Add a game", fr: "Ajouter une partie" }
    GameSameTeam { en: "A team cannot play itself.", fr: "Une équipe ne peut pas jouer contre elle-même." }
    GameSheetBusy { en: "This sheet already has a game in this draw.", fr: "Cette piste a déjà une partie dans ce tirage." }
    GameTeamBusy { en: "One of these teams already plays in this draw.", fr: "Une de ces équipes joue déjà dans ce tirage." }
    GameScheduled { en: "Scheduled", fr: "À venir" }
    GameLive { en: "Live", fr: "En cours" }
    GameCancelled { en: "Cancelled", fr: "Annulée" }
    GameForfeit { en: "Final (forfeit)", fr: "Terminée (forfait)" }
    GameFinal { en: "Final", fr: "Terminée" }
    GameDecided { en: "Decided — waiting to be marked final", fr: "Décidée — en attente de confirmation" }
    GameEnd { en: "End {end}", fr: "Manche {end}" }
    GameNumber { en: "Game {game}", fr: "Manche {game}" }
    GamesWon { en: "Games", fr: "Manches" }
    Hammer { en: "Hammer", fr: "Marteau" }
    Serving { en: "Serving", fr: "Au service" }
    Total { en: "Total", fr: "Total" }
    ScoreCall { en: "Score call:", fr: "Annonce :" }
    Conceded { en: "{team} conceded.", fr: "{team} a concédé." }
    StandingsTitle { en: "Standings", fr: "Classement" }
    StandingsRank { en: "Rank", fr: "Rang" }
    StandingsPts { en: "Pts", fr: "Pts" }
    StandingsPointsTitle { en: "Standings points", fr: "Points au classement" }
    StandingsDscTitle { en: "Draw Shot Challenge: average distance of the last-stone draws, in cm (lower is better)", fr: "Défi tirs au bouton : distance moyenne des tirs au bouton, en cm (le plus bas est meilleur)" }
    StandingsNeedsDecision {
        en: "= teams tied on every tiebreaker share a rank and need a decision by the event’s organisers.",
        fr: "= les équipes à égalité sur tous les bris d’égalité partagent un rang et attendent une décision des organisateurs.",
    }
    WhyHeadToHead { en: "ahead on head-to-head", fr: "devant au face-à-face" }
    WhyPointDiffAmongTied { en: "ahead on point differential among the tied", fr: "devant au différentiel entre équipes à égalité" }
    WhyPointDiff { en: "ahead on point differential", fr: "devant au différentiel de points" }
    WhyPointsFor { en: "ahead on points scored", fr: "devant aux points marqués" }
    WhyDsc { en: "ahead on the Draw Shot Challenge", fr: "devant au défi des tirs au bouton" }
    WhyBestLsd { en: "ahead on the best last-stone draw", fr: "devant au meilleur tir au bouton" }
    WhyDecision { en: "placed by the organisers’ decision", fr: "placée par décision des organisateurs" }
    TeamWithdrawnBadge { en: "withdrawn", fr: "retirée" }
    UpcomingTitle { en: "Coming up", fr: "À venir" }
    StandingsTeam { en: "Team", fr: "Équipe" }
    StandingsW { en: "W", fr: "V" }
    StandingsL { en: "L", fr: "D" }
    StandingsT { en: "T", fr: "N" }
    StandingsPf { en: "PF", fr: "PP" }
    StandingsPa { en: "PA", fr: "PC" }
    StandingsWins { en: "Wins", fr: "Victoires" }
    StandingsLosses { en: "Losses", fr: "Défaites" }
    StandingsTies { en: "Ties", fr: "Nulles" }
    StandingsPointsFor { en: "Points for", fr: "Points pour" }
    StandingsPointsAgainst { en: "Points against", fr: "Points contre" }
    ResultsTitle { en: "Results", fr: "Résultats" }
    TvDisplay { en: "TV display", fr: "Affichage télé" }
    KeepScore { en: "Keep score", fr: "Tenir le pointage" }
    StartHammer { en: "Who has the hammer in the first end?", fr: "Qui a le marteau à la première manche?" }
    StartServe { en: "Who serves first?", fr: "Qui sert en premier?" }
    BlankEnd { en: "Blank end", fr: "Manche nulle" }
    RallyWonBy { en: "Rally won by", fr: "Échange gagné par" }
    UndoLast { en: "Undo the last entry", fr: "Annuler la dernière entrée" }
    EditEnd { en: "Correct an end", fr: "Corriger une manche" }
    EndField { en: "End", fr: "Manche" }
    ScoredBy { en: "Scored by", fr: "Marquée par" }
    PointsField { en: "Points (0 for a blank end)", fr: "Points (0 pour une manche nulle)" }
    Concede { en: "Concede", fr: "Concéder" }
    ConcedeBy { en: "{team} concedes", fr: "{team} concède" }
    MarkFinal { en: "Mark the game final", fr: "Terminer la partie" }
    Reopen { en: "Reopen for corrections", fr: "Rouvrir pour corriger" }
    ScoreHistory { en: "Score changes", fr: "Historique du pointage" }
    ScoreHistoryLead { en: "Every change to this game's score: who made it, when, and the score after it.", fr: "Chaque changement au pointage de cette partie : qui, quand, et le pointage qui en a résulté." }
    HistoryStarted { en: "Game started", fr: "Début de la partie" }
    HistoryEnd { en: "End {end}: {team} scored {points} — {score}", fr: "Manche {end} : {team} marque {points} — {score}" }
    HistoryBlankEnd { en: "End {end}: blank end — {score}", fr: "Manche {end} : manche nulle — {score}" }
    HistoryRally { en: "Game {game}: rally to {team} — {score}", fr: "Partie {game} : échange pour {team} — {score}" }
    HistorySideOut { en: "Game {game}: side out — {score}", fr: "Partie {game} : changement de service — {score}" }
    HistoryUndone { en: "Last entry undone — {score}", fr: "Dernière entrée annulée — {score}" }
    HistoryCorrected { en: "End {end} corrected — {score}", fr: "Manche {end} corrigée — {score}" }
    HistoryFinished { en: "Marked final", fr: "Marquée finale" }
    HistoryReopened { en: "Reopened for a correction", fr: "Rouverte pour une correction" }
    HistoryReset { en: "Put back to scheduled: a result before it in the bracket changed", fr: "Remise à venir : un résultat précédent du tableau a changé" }
    HistoryWhen { en: "When", fr: "Quand" }
    HistoryWho { en: "Who", fr: "Qui" }
    HistoryAction { en: "What happened", fr: "Ce qui s’est passé" }
    ScoreConflict { en: "Someone else changed this game a moment ago. Here is the score now — check it, then tap again.", fr: "Quelqu’un d’autre vient de modifier cette partie. Voici le pointage actuel — vérifiez-le, puis touchez de nouveau." }
    ScoreGameOver { en: "The game is over: no more ends or rallies can be entered.", fr: "La partie est terminée : aucune manche ni aucun échange ne peut être ajouté." }
    ScoreTooManyPoints { en: "That is more points than an end can score under these rules.", fr: "C’est plus de points qu’une manche peut en compter selon ces règles." }
    ScoreNoTeam { en: "Choose the team that scored or won the rally.", fr: "Choisissez l’équipe qui a marqué ou gagné l’échange." }
    ScoreNothingToUndo { en: "There is nothing to undo.", fr: "Il n’y a rien à annuler." }
    ScoreNoSuchEnd { en: "That end has not been played.", fr: "Cette manche n’a pas été jouée." }
    ScoreNotStarted { en: "Start the game first.", fr: "Commencez d’abord la partie." }
    ScoreAlreadyStarted { en: "This game has already started.", fr: "Cette partie est déjà commencée." }
    ScoreNotFinal { en: "Only a final game can be reopened.", fr: "Seule une partie terminée peut être rouverte." }
    ScoreNotDecided { en: "The game is not decided yet.", fr: "La partie n’est pas encore décidée." }
    LiveUnknownTopic { en: "There is no such live feed.", fr: "Ce flux en direct n’existe pas." }
    LiveFull { en: "Too many live connections right now. The page will try again shortly.", fr: "Trop de connexions en direct en ce moment. La page réessaiera bientôt." }
    ClubEvents { en: "Events and scores", fr: "Compétitions et pointages" }
    OperatorLiveStats {
        en: "Live updates in this process: {connections} open connections, {published} fragments published, {delivered} deliveries.",
        fr: "Mises à jour en direct dans ce processus : {connections} connexions ouvertes, {published} fragments publiés, {delivered} livraisons.",
    }

    // Programs and registration
    ProgramsTitle { en: "Programs", fr: "Programmes" }
    ProgramsNone { en: "No programs yet.", fr: "Aucun programme pour l’instant." }
    ProgramNew { en: "New program", fr: "Nouveau programme" }
    ProgramCreate { en: "Create the program", fr: "Créer le programme" }
    ProgramEdit { en: "Edit the program", fr: "Modifier le programme" }
    ProgramEditHint {
        en: "A new fee applies to registrations made from now on. Raising the capacity promotes people from the waitlist, in order.",
        fr: "Un nouveau tarif s’applique aux inscriptions faites à partir de maintenant. Augmenter la capacité fait avancer la liste d’attente, dans l’ordre.",
    }
    ProgramSaved { en: "Program saved.", fr: "Programme enregistré." }
    ProgramSeason { en: "Season", fr: "Saison" }
    ProgramDescription { en: "Description (optional)", fr: "Description (facultative)" }
    ProgramKindField { en: "Kind", fr: "Type" }
    ProgramKindLeague { en: "League", fr: "Ligue" }
    ProgramKindClinic { en: "Clinic", fr: "Clinique" }
    ProgramKindBonspiel { en: "Bonspiel", fr: "Bonspiel" }
    ProgramKindDropIn { en: "Drop-in", fr: "Activité libre" }
    ProgramCapacity { en: "Capacity", fr: "Capacité" }
    ProgramCapacityHint { en: "Leave blank for no limit.", fr: "Laissez vide pour aucune limite." }
    ProgramCapacityInvalid { en: "Enter a whole number of spots from 1 to 10,000, or leave it blank.", fr: "Entrez un nombre de places entier de 1 à 10 000, ou laissez vide." }
    ProgramCapacityBelowConfirmed { en: "More people than that are already confirmed. Cancel registrations first, or choose a larger capacity.", fr: "Plus de personnes que cela sont déjà confirmées. Annulez d’abord des inscriptions, ou choisissez une capacité plus grande." }
    ProgramFee { en: "Fee before tax ($)", fr: "Tarif avant taxes ($)" }
    ProgramFeeHint { en: "Taxes are added from the club’s province.", fr: "Les taxes de la province du club s’ajoutent." }
    ProgramOpensAt { en: "Registration opens", fr: "Ouverture des inscriptions" }
    ProgramClosesAt { en: "Registration closes", fr: "Fermeture des inscriptions" }
    ProgramTimeZone { en: "Times are in the club’s time zone ({zone}).", fr: "Les heures sont celles du fuseau du club ({zone})." }
    ProgramTimeInvalid { en: "Enter a date and time (that time must exist on that day).", fr: "Entrez une date et une heure (qui doit exister ce jour-là)." }
    ProgramClosesBeforeOpening { en: "Registration must close after it opens.", fr: "Les inscriptions doivent fermer après leur ouverture." }
    ProgramWho { en: "Who may register", fr: "Qui peut s’inscrire" }
    ProgramMembersOnly { en: "Club members only", fr: "Membres du club seulement" }
    ProgramAnyAccount { en: "Anyone with an account", fr: "Toute personne ayant un compte" }
    AmountInvalid { en: "Enter an amount in dollars, like 150 or 150.50.", fr: "Entrez un montant en dollars, comme 150 ou 150,50." }
    AmountNegative { en: "The amount cannot be negative.", fr: "Le montant ne peut pas être négatif." }
    AmountTooLarge { en: "That amount is too large (at most $100,000).", fr: "Ce montant est trop élevé (au plus 100 000 $)." }
    SpotsLeft { en: "{left} of {capacity} spots left", fr: "{left} places libres sur {capacity}" }
    SpotsFull { en: "Full ({capacity} spots) · {waiting} on the waitlist", fr: "Complet ({capacity} places) · {waiting} en liste d’attente" }
    SpotsUnlimited { en: "No limit · {registered} registered", fr: "Sans limite · {registered} inscrits" }
    WindowOpensAt { en: "Registration opens {at}.", fr: "Les inscriptions ouvrent le {at}." }
    WindowClosesAt { en: "Registration is open until {at}.", fr: "Les inscriptions sont ouvertes jusqu’au {at}." }
    WindowClosed { en: "Registration is closed.", fr: "Les inscriptions sont fermées." }
    PriceFee { en: "Fee", fr: "Tarif" }
    PriceTotal { en: "Total", fr: "Total" }
    RegisterTitle { en: "Register", fr: "S’inscrire" }
    RegisterWho { en: "Who is registering", fr: "Qui s’inscrit" }
    RegisterAddProfile { en: "Add a family member’s profile", fr: "Ajouter le profil d’un membre de la famille" }
    RegisterButton { en: "Register · {total} each", fr: "S’inscrire · {total} chacun" }
    RegisterWaitlistButton { en: "Join the waitlist · {total} each if a spot frees up", fr: "S’inscrire sur la liste d’attente · {total} chacun si une place se libère" }
    RegisterSignIn { en: "Sign in to register", fr: "Connectez-vous pour vous inscrire" }
    RegisteredConfirmed { en: "{player} is registered.", fr: "L’inscription de {player} est confirmée." }
    RegisteredWaitlisted { en: "The program is full: {player} is number {position} on the waitlist.", fr: "Le programme est complet : {player} est au rang {position} de la liste d’attente." }
    RegisteredAlready { en: "{player} was already registered ({status}).", fr: "{player} avait déjà une inscription ({status})." }
    RegistrationNotOpen { en: "Registration for this program has not opened yet.", fr: "Les inscriptions à ce programme ne sont pas encore ouvertes." }
    RegistrationClosed { en: "Registration for this program is closed.", fr: "Les inscriptions à ce programme sont fermées." }
    RegistrationMembersOnly { en: "This program is for the club’s members only.", fr: "Ce programme est réservé aux membres du club." }
    RegistrationNoProfile { en: "Choose who is registering.", fr: "Choisissez qui s’inscrit." }
    RegistrationProfileNotYours { en: "You can register only your own profiles.", fr: "Vous ne pouvez inscrire que vos propres profils." }
    RegistrationNotWaitlisted { en: "This registration is not on the waitlist.", fr: "Cette inscription n’est pas en liste d’attente." }
    RegistrationCancel { en: "Cancel registration", fr: "Annuler l’inscription" }
    RegistrationCancelled { en: "Registration cancelled.", fr: "Inscription annulée." }
    RegistrationsTitle { en: "Registrations", fr: "Inscriptions" }
    RegistrationsNone { en: "No registrations match.", fr: "Aucune inscription ne correspond." }
    RegistrationsCount { en: "{count} registrations", fr: "{count} inscriptions" }
    RegistrationsCountOne { en: "1 registration", fr: "1 inscription" }
    MyRegistrationsTitle { en: "My registrations", fr: "Mes inscriptions" }
    MyRegistrationsNone { en: "You have no registrations at this club yet.", fr: "Vous n’avez encore aucune inscription à ce club." }
    StatusConfirmed { en: "Confirmed", fr: "Confirmée" }
    StatusWaitlisted { en: "Waitlisted", fr: "En attente" }
    StatusCancelled { en: "Cancelled", fr: "Annulée" }
    PaymentUnpaid { en: "Unpaid", fr: "Non payée" }
    PaymentPaid { en: "Paid", fr: "Payée" }
    PaymentRefunded { en: "Refunded", fr: "Remboursée" }
    PaymentRecord { en: "Payment", fr: "Paiement" }
    PaymentAmount { en: "Amount ($)", fr: "Montant ($)" }
    PaymentNote { en: "Note", fr: "Note" }
    PaymentSaved { en: "Payment recorded.", fr: "Paiement enregistré." }
    PaymentMoreThanTotal { en: "That is more than the registration’s total.", fr: "C’est plus que le total de l’inscription." }
    WaitlistUp { en: "Move up", fr: "Monter" }
    WaitlistDown { en: "Move down", fr: "Descendre" }
    WaitlistPromote { en: "Promote", fr: "Confirmer" }
    WaitlistPromoted { en: "Promoted from the waitlist.", fr: "Confirmée depuis la liste d’attente." }
    WaitlistRemove { en: "Remove", fr: "Retirer" }
    WaitlistMoved { en: "Waitlist order changed.", fr: "Ordre de la liste d’attente modifié." }
    FilterAll { en: "All", fr: "Tous" }
    FilterProgram { en: "Program", fr: "Programme" }
    FilterStatus { en: "Status", fr: "Statut" }
    FilterPayment { en: "Payment", fr: "Paiement" }
    FilterApply { en: "Filter", fr: "Filtrer" }
    ExportCsv { en: "Export as CSV", fr: "Exporter en CSV" }
    Actions { en: "Actions", fr: "Actions" }
    CsvRegistration { en: "Registration", fr: "Inscription" }
    CsvProgram { en: "Program", fr: "Programme" }
    CsvPlayer { en: "Player", fr: "Joueur" }
    CsvEmail { en: "Email", fr: "Courriel" }
    CsvStatus { en: "Status", fr: "Statut" }
    CsvWaitlistPosition { en: "Waitlist position", fr: "Rang en liste d’attente" }
    CsvFee { en: "Fee", fr: "Tarif" }
    CsvTaxes { en: "Taxes", fr: "Taxes" }
    CsvTotal { en: "Total", fr: "Total" }
    CsvPayment { en: "Payment", fr: "Paiement" }
    CsvPaidAmount { en: "Amount paid", fr: "Montant payé" }
    CsvPaymentNote { en: "Payment note", fr: "Note de paiement" }
    CsvRegisteredAt { en: "Registered", fr: "Inscrit le" }
    CsvConfirmedAt { en: "Confirmed", fr: "Confirmé le" }
    CsvCancelledAt { en: "Cancelled", fr: "Annulé le" }
    ReceiptTitle { en: "Receipt", fr: "Reçu" }
    ReceiptPrint { en: "Print", fr: "Imprimer" }
    ReceiptRounding { en: "Each tax is computed on the fee and rounded to the nearest cent.", fr: "Chaque taxe est calculée sur le tarif et arrondie au cent près." }
    MailRegisteredSubject { en: "You’re registered: {program}", fr: "Inscription confirmée : {program}" }
    MailRegisteredBody { en: "{player} is registered in {program} at {club}. Total: {total}.", fr: "L’inscription de {player} à {program} au {club} est confirmée. Total : {total}." }
    MailWaitlistedSubject { en: "On the waitlist: {program}", fr: "En liste d’attente : {program}" }
    MailWaitlistedBody { en: "{program} at {club} is full. {player} is number {position} on the waitlist; we’ll email you if a spot opens.", fr: "{program} au {club} est complet. {player} est au rang {position} de la liste d’attente; nous vous écrirons si une place se libère." }
    MailPromotedSubject { en: "A spot opened: {program}", fr: "Une place s’est libérée : {program}" }
    MailPromotedBody { en: "Good news: a spot opened in {program} at {club}, and {player} now has it. Total: {total}.", fr: "Bonne nouvelle : une place s’est libérée dans {program} au {club}, et {player} l’obtient. Total : {total}." }
    TaxesTitle { en: "Sales tax", fr: "Taxes de vente" }
    TaxesByProvince { en: "Fees are taxed at {province}’s rates in force on the day of registration:", fr: "Les tarifs sont taxés selon les taux de {province} en vigueur le jour de l’inscription :" }
    TaxesNone { en: "No sales tax is added to this club’s fees.", fr: "Aucune taxe de vente n’est ajoutée aux tarifs de ce club." }
    TaxesClubHint { en: "Add the sales taxes your club must charge on its fees, if any. They apply to registrations made from now on.", fr: "Ajoutez les taxes de vente que votre club doit percevoir sur ses tarifs, s’il y en a. Elles s’appliquent aux inscriptions faites à partir de maintenant." }
    TaxName { en: "Tax name", fr: "Nom de la taxe" }
    TaxRate { en: "Rate (%)", fr: "Taux (%)" }
    TaxAdd { en: "Add the tax", fr: "Ajouter la taxe" }
    TaxRemove { en: "Remove", fr: "Retirer" }
    TaxSaved { en: "Sales tax saved.", fr: "Taxe de vente enregistrée." }
    TaxRemoved { en: "Sales tax removed.", fr: "Taxe de vente retirée." }
    TaxSetByProvince { en: "A Canadian club’s taxes follow its province’s rates.", fr: "Les taxes d’un club canadien suivent les taux de sa province." }
    TaxRateInvalid { en: "Enter a rate above 0 and below 100 %, with at most three decimals, like 6.25.", fr: "Entrez un taux supérieur à 0 et inférieur à 100 %, avec au plus trois décimales, comme 6,25." }
    TaxNameTaken { en: "This club already has a tax with that name.", fr: "Ce club a déjà une taxe de ce nom." }
    TaxTooMany { en: "A club can set at most four taxes.", fr: "Un club peut définir au plus quatre taxes." }
    ReceiptDetailsTitle { en: "Receipt details", fr: "Renseignements sur les reçus" }
    ReceiptDetailsHint { en: "Shown on every receipt under the club’s name.", fr: "Affichés sur chaque reçu sous le nom du club." }
    ReceiptAddress { en: "Postal address (optional)", fr: "Adresse postale (facultative)" }
    ReceiptTaxNumber { en: "GST/HST or sales-tax registration number (optional)", fr: "Numéro d’inscription aux fins de la TPS/TVH ou de la taxe de vente (facultatif)" }
    ReceiptTaxNumberShown { en: "Tax registration no. {number}", fr: "No d’inscription aux taxes : {number}" }
    TaxNumberInvalid { en: "Use letters, digits, spaces and dashes only, like 123456789 RT0001.", fr: "Utilisez seulement des lettres, des chiffres, des espaces et des tirets, comme 123456789 RT0001." }
    ReceiptDetailsSaved { en: "Receipt details saved.", fr: "Renseignements sur les reçus enregistrés." }
    // Season: settings, ranking, teams, draws, games, the generator, the club's clock
    RankingPointsInvalid { en: "Enter a whole number from 0 to 99.", fr: "Entrez un nombre entier de 0 à 99." }
    RankingPointsOrder {
        en: "A win must be worth more than a loss, and a tie no more than a win nor less than a loss.",
        fr: "Une victoire doit valoir plus qu’une défaite, et une nulle ni plus qu’une victoire ni moins qu’une défaite.",
    }
    RankingChainTwice { en: "Each tiebreaker can be used only once.", fr: "Chaque bris d’égalité ne peut servir qu’une fois." }
    RankingMissInvalid { en: "Enter a distance in centimetres from 1 to 500, like 199.6.", fr: "Entrez une distance en centimètres de 1 à 500, comme 199,6." }
    RankingDropCount { en: "Enter how many stones, from 1 to 20.", fr: "Entrez combien de pierres, de 1 à 20." }
    EventsArchived { en: "Archived events", fr: "Compétitions archivées" }
    ScheduleTitle { en: "Generate the schedule", fr: "Générer l’horaire" }
    EventSettings { en: "Event settings", fr: "Paramètres de la compétition" }
    ScheduleCsv { en: "Download the schedule (CSV)", fr: "Télécharger l’horaire (CSV)" }
    DrawMoveOrDelete { en: "Move or delete this draw", fr: "Déplacer ou supprimer ce tirage" }
    DrawMove { en: "Move the draw", fr: "Déplacer le tirage" }
    DrawDelete { en: "Delete the draw and its games", fr: "Supprimer le tirage et ses parties" }
    TiesTitle { en: "Ties to decide", fr: "Égalités à trancher" }
    TieNeedsDecision {
        en: "Tied for rank {rank} on every tiebreaker: {teams}. Choose their order:",
        fr: "À égalité au rang {rank} sur tous les bris d’égalité : {teams}. Choisissez leur ordre :",
    }
    TiePlace { en: "Rank {place}", fr: "Rang {place}" }
    TieDecide { en: "Store this order", fr: "Enregistrer cet ordre" }
    TiesDecided { en: "Decisions stored", fr: "Décisions enregistrées" }
    TieUndecide { en: "Remove the decision", fr: "Retirer la décision" }
    CriterionHeadToHead { en: "Head-to-head among the tied", fr: "Face-à-face entre les équipes à égalité" }
    CriterionPointDiffAmongTied { en: "Point differential among the tied", fr: "Différentiel de points entre les équipes à égalité" }
    CriterionPointDiff { en: "Point differential (all games)", fr: "Différentiel de points (toutes les parties)" }
    CriterionPointsFor { en: "Points scored", fr: "Points marqués" }
    CriterionDsc { en: "Draw Shot Challenge", fr: "Défi des tirs au bouton" }
    CriterionBestLsd { en: "Best single last-stone draw", fr: "Meilleur tir au bouton" }
    RankingByWins { en: "Wins (a tie counts half)", fr: "Victoires (une nulle compte pour la moitié)" }
    RankingByPoints { en: "Points from the points table", fr: "Points selon le barème" }
    RankingByPercentage { en: "Winning percentage (uneven schedules)", fr: "Pourcentage de victoires (horaires inégaux)" }
    RankingNoStep { en: "(none)", fr: "(aucun)" }
    RankingTitle { en: "Standings", fr: "Classement" }
    RankingPrimary { en: "Rank teams by", fr: "Classer les équipes selon" }
    RankingPointsTable { en: "Points table", fr: "Barème de points" }
    PointsWin { en: "Points for a win", fr: "Points pour une victoire" }
    PointsExtraEndWin { en: "Points for a win in an extra end", fr: "Points pour une victoire en manche supplémentaire" }
    PointsTie { en: "Points for a tie", fr: "Points pour une nulle" }
    PointsExtraEndLoss { en: "Points for a loss in an extra end", fr: "Points pour une défaite en manche supplémentaire" }
    PointsLoss { en: "Points for a loss", fr: "Points pour une défaite" }
    RankingChain { en: "Tiebreakers, in order", fr: "Bris d’égalité, dans l’ordre" }
    RankingStep { en: "Tiebreaker {n}", fr: "Bris d’égalité {n}" }
    RankingSplit { en: "When a tiebreaker splits a tie", fr: "Quand un bris d’égalité divise une égalité" }
    RankingSplitRestart { en: "Start again for each smaller group (WCF)", fr: "Reprendre pour chaque groupe plus petit (WCF)" }
    RankingSplitContinue { en: "Go on to the next tiebreaker", fr: "Passer au bris d’égalité suivant" }
    RankingIncomplete { en: "Head-to-head when not every tied pair has played", fr: "Face-à-face quand toutes les paires à égalité ne se sont pas affrontées" }
    RankingIncompleteUse { en: "Use the games they played", fr: "Utiliser les parties jouées" }
    RankingIncompleteSkip { en: "Skip to the next tiebreaker", fr: "Passer au bris d’égalité suivant" }
    DscTitle { en: "Draw Shot Challenge", fr: "Défi des tirs au bouton" }
    DscMiss { en: "Value of a stone that misses the house (cm)", fr: "Valeur d’une pierre hors de la maison (cm)" }
    DscMissHint { en: "199.6 by the WCF’s rules.", fr: "199,6 selon les règles de la WCF." }
    DscAggregate { en: "Combine the stones by", fr: "Combiner les pierres par" }
    DscMean { en: "Average", fr: "Moyenne" }
    DscSum { en: "Sum", fr: "Somme" }
    DscDrop { en: "Stones left out", fr: "Pierres écartées" }
    DscDropWcf { en: "The worst (two from 11 stones on) — WCF", fr: "La pire (deux dès 11 pierres) — WCF" }
    DscDropWorst { en: "The worst few (how many below)", fr: "Les pires (combien ci-dessous)" }
    DscDropKeepBest { en: "Keep only the best few (how many below)", fr: "Garder seulement les meilleures (combien ci-dessous)" }
    DscDropNone { en: "None", fr: "Aucune" }
    DscDropCount { en: "How many stones", fr: "Combien de pierres" }
    DscOutOfRange { en: "A distance beyond the miss value", fr: "Une distance au-delà de la valeur hors maison" }
    DscClamp { en: "Counts as a miss", fr: "Compte comme hors maison" }
    DscRefuse { en: "Is refused with a message", fr: "Est refusée avec un message" }
    EventRulesLockedHint {
        en: "Games have been scored: rules that would change a result are refused.",
        fr: "Des parties ont été jouées : les règles qui changeraient un résultat sont refusées.",
    }
    EventArchive { en: "Archive the event", fr: "Archiver la compétition" }
    EventUnarchive { en: "Bring the event back", fr: "Ramener la compétition" }
    EventArchiveLead {
        en: "An event with scores is kept: archived, it is listed apart and its results stay.",
        fr: "Une compétition avec des pointages est conservée : archivée, elle est listée à part et ses résultats restent.",
    }
    EventDelete { en: "Delete the event", fr: "Supprimer la compétition" }
    EventDeleteLead {
        en: "No game has been scored: deleting removes its teams, draws and games.",
        fr: "Aucune partie n’a été jouée : la suppression retire ses équipes, tirages et parties.",
    }
    EventDeleted { en: "The event is deleted.", fr: "La compétition est supprimée." }
    EventArchived { en: "The event is archived.", fr: "La compétition est archivée." }
    EventUnarchived { en: "The event is back with the others.", fr: "La compétition est de retour avec les autres." }
    DrawTimeAmbiguous {
        en: "{time} happens twice that night (the clocks fall back): the draw is at the first one.",
        fr: "{time} arrive deux fois cette nuit-là (changement d’heure) : le tirage est à la première.",
    }
    DrawTimeMissing {
        en: "That time does not exist on the club’s clock (the clocks spring forward): choose another.",
        fr: "Cette heure n’existe pas à l’horloge du club (passage à l’heure d’été) : choisissez-en une autre.",
    }
    TeamEdit { en: "Edit the team", fr: "Modifier l’équipe" }
    TeamPlayers { en: "Players", fr: "Joueurs" }
    TeamUpcoming { en: "Games to come", fr: "Parties à venir" }
    TeamNoUpcoming { en: "No games to come.", fr: "Aucune partie à venir." }
    TeamVersus { en: "vs {team}", fr: "contre {team}" }
    TeamNoResults { en: "No games played yet.", fr: "Aucune partie jouée pour l’instant." }
    TeamWithdraw { en: "Withdraw the team", fr: "Retirer l’équipe" }
    TeamWithdrawLead {
        en: "Its games already played stay in the record and the standings.",
        fr: "Ses parties déjà jouées restent au dossier et au classement.",
    }
    TeamWithdrawGames { en: "Its games still to play", fr: "Ses parties encore à jouer" }
    TeamWithdrawByes { en: "Stay on the schedule, cancelled: opponents have a bye", fr: "Restent à l’horaire, annulées : les adversaires ont un congé" }
    TeamWithdrawRemove { en: "Are removed from the schedule", fr: "Sont retirées de l’horaire" }
    TeamWithdrawnByes { en: "The team is withdrawn; {games} games became byes.", fr: "L’équipe est retirée; {games} parties sont devenues des congés." }
    TeamWithdrawnRemoved { en: "The team is withdrawn; {games} games were removed.", fr: "L’équipe est retirée; {games} parties ont été retirées." }
    TeamReinstate { en: "Reinstate the team", fr: "Réintégrer l’équipe" }
    TeamReinstateLead {
        en: "Its cancelled games can then be restored one by one from each game’s page.",
        fr: "Ses parties annulées peuvent ensuite être rétablies une à une depuis la page de chaque partie.",
    }
    TeamReinstated { en: "The team is back in the event.", fr: "L’équipe est de retour dans la compétition." }
    TeamDelete { en: "Delete the team", fr: "Supprimer l’équipe" }
    TeamDeleted { en: "The team is deleted.", fr: "L’équipe est supprimée." }
    FirstTeamFirst { en: "First team", fr: "Première équipe" }
    SecondTeamFirst { en: "Second team", fr: "Deuxième équipe" }
    FirstHammerField { en: "Hammer in the first end", fr: "Marteau à la première manche" }
    FirstServeField { en: "First serve", fr: "Premier service" }
    GameEdit { en: "Edit the game", fr: "Modifier la partie" }
    GameCalls { en: "Cancel, forfeit or delete", fr: "Annuler, forfait ou supprimer" }
    GameCancel { en: "Cancel the game", fr: "Annuler la partie" }
    GameForfeitBy { en: "{team} forfeits", fr: "{team} déclare forfait" }
    GameRestore { en: "Put the game back on the schedule", fr: "Remettre la partie à l’horaire" }
    GameUnforfeit { en: "Take the forfeit back", fr: "Annuler le forfait" }
    GameDelete { en: "Delete the game", fr: "Supprimer la partie" }
    LsdTitle { en: "Last-stone draws", fr: "Tirs au bouton" }
    LsdLead {
        en: "Distance from the pin to the stone’s centre, in cm. The lower total gets the hammer; over the season they make the Draw Shot Challenge.",
        fr: "Distance du centre de la maison au centre de la pierre, en cm. Le total le plus bas obtient le marteau; sur la saison, ils forment le défi des tirs au bouton.",
    }
    LsdStone { en: "Stone {n} (cm)", fr: "Pierre {n} (cm)" }
    LsdSave { en: "Save the draws", fr: "Enregistrer les tirs" }
    LsdMissed { en: "missed the house", fr: "hors de la maison" }
    Monday { en: "Monday", fr: "lundi" }
    Tuesday { en: "Tuesday", fr: "mardi" }
    Wednesday { en: "Wednesday", fr: "mercredi" }
    Thursday { en: "Thursday", fr: "jeudi" }
    Friday { en: "Friday", fr: "vendredi" }
    Saturday { en: "Saturday", fr: "samedi" }
    Sunday { en: "Sunday", fr: "dimanche" }
    ScheduleSingle { en: "Single round robin", fr: "Tournoi à la ronde simple" }
    ScheduleDouble { en: "Double round robin", fr: "Tournoi à la ronde double" }
    ScheduleSheets { en: "Sheets", fr: "Pistes" }
    ScheduleCourts { en: "Courts", fr: "Terrains" }
    ScheduleLead {
        en: "Every pair of the {teams} teams meets; each team plays each sheet and draw time as evenly as possible. Nothing is saved until you create it.",
        fr: "Chaque paire des {teams} équipes se rencontre; chaque équipe joue chaque piste et chaque heure aussi également que possible. Rien n’est enregistré avant la création.",
    }
    ScheduleKeeps {
        en: "The {games} games already on the schedule stay where they are; their pairs are not scheduled again.",
        fr: "Les {games} parties déjà à l’horaire restent où elles sont; leurs paires ne sont pas remises à l’horaire.",
    }
    ScheduleFirstDate { en: "First date", fr: "Première date" }
    ScheduleWeekdays { en: "Days of the week", fr: "Jours de la semaine" }
    ScheduleDrawsPerNight { en: "Draws per night", fr: "Tirages par soir" }
    ScheduleTimes { en: "Draw times (club time)", fr: "Heures des tirages (heure du club)" }
    ScheduleTimesHint { en: "One per draw of a night, comma-separated: 19:00, 21:15", fr: "Une par tirage du soir, séparées par des virgules : 19:00, 21:15" }
    ScheduleCycles { en: "Each pair meets", fr: "Chaque paire se rencontre" }
    ScheduleOncePerNight { en: "No team plays twice a night", fr: "Aucune équipe ne joue deux fois le même soir" }
    ScheduleExcluded { en: "Dates with no draws", fr: "Dates sans tirage" }
    ScheduleExcludedHint { en: "Holidays, bonspiels: like 2027-02-16, one per line.", fr: "Congés, bonspiels : comme 2027-02-16, une par ligne." }
    ScheduleByes { en: "Bye requests", fr: "Demandes de congé" }
    ScheduleByesHint {
        en: "A team that would rather not play on a date, one per line: Team name: 2027-01-12. Honoured when the nights allow.",
        fr: "Une équipe qui préfère ne pas jouer à une date, une par ligne : Nom de l’équipe : 2027-01-12. Respectées quand les soirs le permettent.",
    }
    SchedulePreview { en: "Preview", fr: "Aperçu" }
    ScheduleCreate { en: "Create these {games} games", fr: "Créer ces {games} parties" }
    ScheduleCreated { en: "{games} games are on the schedule.", fr: "{games} parties sont à l’horaire." }
    SchedulePreviewTitle { en: "Proposed schedule", fr: "Horaire proposé" }
    FairnessOk { en: "yes", fr: "oui" }
    FairnessOff { en: "no", fr: "non" }
    FairnessPairs { en: "Every pair meets as planned", fr: "Chaque paire se rencontre comme prévu" }
    FairnessDoubleBooked { en: "Teams booked twice in a draw or night", fr: "Équipes prévues deux fois dans un tirage ou un soir" }
    FairnessSheetSpread { en: "Sheet spread (0 or 1 is even)", fr: "Écart entre pistes (0 ou 1 est égal)" }
    FairnessHammer { en: "Largest hammer imbalance", fr: "Plus grand déséquilibre du marteau" }
    FairnessTimeSpread { en: "Draw-time spread", fr: "Écart entre heures de tirage" }
    FairnessByes { en: "Byes per team", fr: "Congés par équipe" }
    FairnessByesInARow { en: "Byes on two nights in a row", fr: "Congés deux soirs de suite" }
    FairnessBreaks { en: "Hammer breaks (same as the team’s game before)", fr: "Ruptures du marteau (comme la partie précédente)" }
    FairnessDraws { en: "Draws", fr: "Tirages" }
    FairnessMostEmpty { en: "Most empty sheets in one draw", fr: "Plus de pistes vides dans un tirage" }
    FairnessSheetCounts { en: "Games per team on each sheet", fr: "Parties par équipe sur chaque piste" }
    ScheduleOptimal { en: "Sheets and draw times are as even as they can be.", fr: "Les pistes et les heures sont aussi égales que possible." }
    ScheduleBestFound {
        en: "The best found within the time limit; a perfect balance may not exist for these choices.",
        fr: "Le meilleur trouvé dans le temps imparti; un équilibre parfait n’existe peut-être pas pour ces choix.",
    }
    ScheduleAmbiguous {
        en: "{time} happens twice that night (the clocks fall back): the draw is at the first one.",
        fr: "{time} arrive deux fois cette nuit-là (changement d’heure) : le tirage est à la première.",
    }
    ScheduleByesOn { en: "Bye:", fr: "Congé :" }
    ScheduleByesInvalid {
        en: "Write each request as Team name: 2027-01-12, one per line.",
        fr: "Écrivez chaque demande ainsi : Nom de l’équipe : 2027-01-12, une par ligne.",
    }
    ScheduleByesUnknownTeam { en: "A bye request names a team that is not in this event.", fr: "Une demande de congé nomme une équipe absente de cette compétition." }
    ScheduleTooFewTeams { en: "A schedule needs at least two teams still in the event.", fr: "Un horaire exige au moins deux équipes encore dans la compétition." }
    ScheduleMissingTime {
        en: "{time} does not exist on the club’s clock (the clocks spring forward): choose other times or exclude that date.",
        fr: "{time} n’existe pas à l’horloge du club (passage à l’heure d’été) : choisissez d’autres heures ou excluez cette date.",
    }
    ScheduleTooLong {
        en: "These nights cannot hold every game within a year: add sheets, days or draw times.",
        fr: "Ces soirs ne peuvent contenir toutes les parties en un an : ajoutez des pistes, des jours ou des heures.",
    }
    ScheduleNothingToDo { en: "Every pair already has its games on the schedule.", fr: "Chaque paire a déjà ses parties à l’horaire." }
    CsvDrawStart { en: "draw_start", fr: "debut_tirage" }
    CsvSheet { en: "sheet", fr: "piste" }
    CsvFirstTeam { en: "first_team", fr: "premiere_equipe" }
    CsvSecondTeam { en: "second_team", fr: "deuxieme_equipe" }
    CsvState { en: "state", fr: "etat" }
    CsvScore { en: "score", fr: "pointage" }
    DrawSheetsTaken {
        en: "At that time another event of the club has a game on a sheet this draw uses.",
        fr: "À cette heure, une autre compétition du club a une partie sur une piste de ce tirage.",
    }
    GameSheetOtherEvent {
        en: "Another event of the club has a game on this sheet at that time.",
        fr: "Une autre compétition du club a une partie sur cette piste à cette heure.",
    }
    TieNotWaiting {
        en: "These teams are not tied waiting for a decision (the standings may have changed).",
        fr: "Ces équipes ne sont pas à égalité en attente d’une décision (le classement a peut-être changé).",
    }
    ScheduleTimesExtra {
        en: "Give one time for each draw of the night: more times than draws.",
        fr: "Donnez une heure par tirage du soir : il y a plus d’heures que de tirages.",
    }
    ClubZoneCollision {
        en: "Kept on the clock in that zone, two draws of one event would start at the same moment (a time the clocks skip or repeat): move one first, or untick keeping the clock.",
        fr: "Gardés à l’heure dans ce fuseau, deux tirages d’une compétition commenceraient au même moment (une heure sautée ou répétée) : déplacez-en un d’abord, ou décochez la case.",
    }
    ClubTimeZoneUnknown { en: "Choose a time zone from the list, like America/Toronto.", fr: "Choisissez un fuseau horaire de la liste, comme America/Toronto." }
    Rename { en: "Rename", fr: "Renommer" }
    MoveUp { en: "Move up", fr: "Monter" }
    MoveDown { en: "Move down", fr: "Descendre" }
    ClubSettings { en: "Club settings", fr: "Paramètres du club" }
    ClubTimeZone { en: "Time zone", fr: "Fuseau horaire" }
    ClubTimeZoneHint {
        en: "Draw and program times are shown on this clock. Now: {zone}. Leave blank for the province’s or state’s.",
        fr: "Les heures des tirages et des programmes suivent cette horloge. Actuellement : {zone}. Laissez vide pour celui de la province ou de l’État.",
    }
    ClubKeepClock {
        en: "Keep the draws at the same time on the clock (they were entered in the wrong zone)",
        fr: "Garder les tirages à la même heure sur l’horloge (ils ont été saisis dans le mauvais fuseau)",
    }
    ClubZoneChanged { en: "Saved. The club’s clock is now {zone}.", fr: "Enregistré. L’horloge du club est maintenant {zone}." }
    ClubDrawsKept { en: "{draws} draws kept their time on the clock.", fr: "{draws} tirages ont gardé leur heure." }

    // Brackets
    BracketsTitle { en: "Playoffs and brackets", fr: "Séries et tableaux" }
    BracketDefaultName { en: "Playoffs", fr: "Séries éliminatoires" }
    FormatPage { en: "Page playoff", fr: "Éliminatoires Page" }
    FormatSingle { en: "Single elimination", fr: "Élimination simple" }
    FormatDouble { en: "Double elimination", fr: "Double élimination" }
    FormatRecord { en: "Triple knockout (by record)", fr: "Triple élimination (par fiche)" }
    FormatEvents { en: "A/B/C events", fr: "Épreuves A/B/C" }
    SectionChampionship { en: "Championship", fr: "Championnat" }
    SectionPage { en: "Page playoff", fr: "Éliminatoires Page" }
    SectionWinners { en: "Winners", fr: "Gagnants" }
    SectionLosers { en: "Losers", fr: "Repêchage" }
    SectionEvent { en: "{letter} event", fr: "Épreuve {letter}" }
    RecordSection { en: "{w}–{l}", fr: "{w}–{l}" }
    BracketThirdPlace { en: "Third place", fr: "Troisième place" }
    BracketBronze { en: "Bronze", fr: "Bronze" }
    BracketFinal { en: "Final", fr: "Finale" }
    BracketSemifinal { en: "Semifinal", fr: "Demi-finale" }
    BracketQuarterfinal { en: "Quarterfinal", fr: "Quart de finale" }
    BracketRoundOf { en: "Round of {n}", fr: "Tour de {n}" }
    BracketRound { en: "Round {n}", fr: "Tour {n}" }
    Page1v2 { en: "1 v 2", fr: "1 c. 2" }
    Page3v4 { en: "3 v 4", fr: "3 c. 4" }
    BracketWinnersRound { en: "Winners {n} · {i}", fr: "Gagnants {n} · {i}" }
    BracketWinnersFinal { en: "Winners’ final", fr: "Finale des gagnants" }
    BracketLosersRound { en: "Losers {n} · {i}", fr: "Repêchage {n} · {i}" }
    BracketLosersFinal { en: "Losers’ final", fr: "Finale du repêchage" }
    BracketGrandFinal { en: "Grand final", fr: "Grande finale" }
    BracketResetGame { en: "Grand final, second game", fr: "Grande finale, deuxième partie" }
    BracketWinnerOf { en: "Winner of {game}", fr: "Gagnant de {game}" }
    BracketLoserOf { en: "Loser of {game}", fr: "Perdant de {game}" }
    BracketSeed { en: "Seed {n}", fr: "Tête de série {n}" }
    BracketPlace { en: "{rank} of the standings", fr: "{rank} au classement" }
    BracketPoolPlace { en: "{rank} of pool {pool}", fr: "{rank} de la poule {pool}" }
    BracketBye { en: "Bye", fr: "Laissez-passer" }
    BracketNotNeeded { en: "Not needed", fr: "Pas nécessaire" }
    BracketNoTime { en: "Time to be set", fr: "Heure à fixer" }
    BracketChampion { en: "Champion", fr: "Champion" }
    BracketQualifier { en: "{letter} qualifier", fr: "Qualifié {letter}" }
    BracketNone { en: "No bracket yet.", fr: "Pas encore de tableau." }
    BracketInvalid {
        en: "That bracket does not hold together: every side needs one source, a game’s winner or loser can go to one place only, and no game may depend on itself.",
        fr: "Ce tableau ne tient pas : chaque côté a une seule provenance, le gagnant ou le perdant d’une partie ne va qu’à un endroit, et aucune partie ne peut dépendre d’elle-même.",
    }
    BracketDownstreamPlayed {
        en: "A bracket game that depends on this has already started or finished. To change it anyway, choose “Reset the games that follow”: those games go back to the start, and the change is recorded.",
        fr: "Une partie du tableau qui en dépend a déjà commencé ou est terminée. Pour modifier quand même, choisissez « Remettre à zéro les parties suivantes » : ces parties reviennent au début, et le changement est consigné.",
    }
    BracketForce { en: "Reset the games that follow", fr: "Remettre à zéro les parties suivantes" }
    BracketGameStarted { en: "This bracket game has started: its teams stay as they are.", fr: "Cette partie du tableau est commencée : ses équipes restent les mêmes." }
    BracketGameFeeds { en: "Another game takes a team from this one: rewire it first.", fr: "Une autre partie prend une équipe de celle-ci : modifiez-la d’abord." }
    BracketStarted { en: "A game of this bracket has started: it can no longer be deleted.", fr: "Une partie de ce tableau est commencée : il ne peut plus être supprimé." }
    BracketGameDelete { en: "This game belongs to a bracket: change or remove it in the bracket.", fr: "Cette partie appartient à un tableau : modifiez-la ou retirez-la dans le tableau." }
    BracketDrawUsed { en: "A bracket game is to be played in this draw: move it first.", fr: "Une partie du tableau doit se jouer à ce tirage : déplacez-la d’abord." }
    BracketTeamUsed { en: "This team is a seed of a bracket.", fr: "Cette équipe est une tête de série d’un tableau." }
    BracketTooFewTeams { en: "This format needs more teams.", fr: "Cette formule demande plus d’équipes." }
    BracketTooManyTeams { en: "A bracket takes at most 256 teams.", fr: "Un tableau prend au plus 256 équipes." }
    BracketBadRecord { en: "Wins and losses must each be between 1 and 8.", fr: "Les victoires et les défaites doivent être entre 1 et 8." }
    BracketBadEvents { en: "Two to four events, with at least 4, 8 or 16 teams.", fr: "De deux à quatre épreuves, avec au moins 4, 8 ou 16 équipes." }
    BracketNotEnoughTeams { en: "The event has fewer teams than the bracket’s seeds.", fr: "La compétition a moins d’équipes que le tableau n’a de têtes de série." }
    BracketNew { en: "New bracket", fr: "Nouveau tableau" }
    BracketName { en: "Name", fr: "Nom" }
    BracketFormat { en: "Format", fr: "Formule" }
    BracketTeams { en: "Teams", fr: "Équipes" }
    BracketSeeding { en: "Seeds", fr: "Têtes de série" }
    BracketSeedingStandings { en: "From the standings, when the round robin is over", fr: "D’après le classement, à la fin du tournoi à la ronde" }
    BracketSeedingPools { en: "From each pool’s standings, crossed (A1 v B2)", fr: "D’après le classement de chaque poule, croisé (A1 c. B2)" }
    BracketSeedingTeams { en: "The teams in the order listed here", fr: "Les équipes dans l’ordre donné ici" }
    BracketSeedOrder { en: "Seed order (one team per line, best first)", fr: "Ordre des têtes de série (une équipe par ligne, la meilleure d’abord)" }
    BracketSeedOrderHint { en: "Used when the seeds are the teams in the order listed; the number of lines is the number of teams.", fr: "Sert quand les têtes de série sont les équipes dans l’ordre donné; le nombre de lignes est le nombre d’équipes." }
    BracketBronzeGame { en: "Bronze game", fr: "Partie pour le bronze" }
    BracketFinalHammer { en: "Hammer in the final", fr: "Marteau en finale" }
    BracketFinalHammerWinner { en: "Winner of 1 v 2", fr: "Gagnant du 1 c. 2" }
    BracketFinalHammerSeed { en: "Better seed", fr: "Meilleure tête de série" }
    BracketReset { en: "Second final game if the losers’ champion wins the first", fr: "Deuxième partie de finale si le champion du repêchage gagne la première" }
    BracketCrossover { en: "The losers’ champion plays for the title (otherwise it takes bronze)", fr: "Le champion du repêchage joue pour le titre (sinon il prend le bronze)" }
    BracketWins { en: "Wins to qualify", fr: "Victoires pour se qualifier" }
    BracketLosses { en: "Losses to be out", fr: "Défaites pour être éliminé" }
    BracketEventCount { en: "Events", fr: "Épreuves" }
    BracketFirstTime { en: "First round (on the club’s clock)", fr: "Premier tour (à l’heure du club)" }
    BracketRoundGap { en: "Minutes between rounds", fr: "Minutes entre les tours" }
    BracketCreate { en: "Make the bracket", fr: "Créer le tableau" }
    BracketCreated { en: "Bracket made: {games} games.", fr: "Tableau créé : {games} parties." }
    BracketDelete { en: "Delete this bracket", fr: "Supprimer ce tableau" }
    BracketDeleted { en: "Bracket deleted.", fr: "Tableau supprimé." }
    BracketEditGame { en: "Change", fr: "Modifier" }
    BracketAddGame { en: "Add a game (e.g. a consolation game)", fr: "Ajouter une partie (p. ex. une partie de consolation)" }
    BracketSideOne { en: "First side", fr: "Premier côté" }
    BracketSideTwo { en: "Second side", fr: "Deuxième côté" }
    BracketHammer { en: "Hammer or first serve", fr: "Marteau ou premier service" }
    BracketHammerSeed { en: "Better seed", fr: "Meilleure tête de série" }
    BracketHammerWinnerOf { en: "Winner of {game}", fr: "Gagnant de {game}" }
    BracketHammerLsd { en: "Last-stone draw", fr: "Tir au bouton" }
    BracketHammerManual { en: "Chosen at the start", fr: "Choisi au début" }
    BracketSaved { en: "Bracket saved.", fr: "Tableau enregistré." }
    BracketLog { en: "Corrections", fr: "Corrections" }
    BracketRemoveGame { en: "Remove", fr: "Retirer" }
    BracketNoDraw { en: "No draw yet", fr: "Pas encore de tirage" }
    TeamPool { en: "Pool", fr: "Poule" }
    TeamPoolHint { en: "Optional: teams of a pool play their round robin together, with their own standings.", fr: "Facultatif : les équipes d’une poule jouent leur tournoi à la ronde ensemble, avec leur propre classement." }
    StandingsPool { en: "Pool {pool}", fr: "Poule {pool}" }
    GamePage { en: "The game’s page", fr: "La page de la partie" }
    BracketNumber { en: "Enter a whole number in the range shown.", fr: "Entrez un nombre entier dans l’intervalle indiqué." }
    BracketUnknownTeam { en: "Each line must be the name of one of the event’s teams, once.", fr: "Chaque ligne doit être le nom d’une équipe de la compétition, une seule fois." }
    BracketPoolsUneven { en: "The seeds must split evenly over the pools, and each pool have that many teams.", fr: "Les têtes de série doivent se répartir également entre les poules, et chaque poule en avoir assez." }
    BracketPoolCount { en: "Crossed seeding needs 2, 4 or 8 pools.", fr: "Les têtes de série croisées demandent 2, 4 ou 8 poules." }
    BracketNeedsExtraEnds { en: "A playoff game needs a winner: turn on extra ends in the event’s settings first.", fr: "Une partie éliminatoire doit avoir un gagnant : activez d’abord les manches supplémentaires dans les paramètres de la compétition." }
    BracketOrderCount { en: "List exactly as many teams as the format takes.", fr: "Donnez exactement autant d’équipes que la formule en prend." }

    // Spares
    SparesTitle { en: "Spares", fr: "Remplaçants" }
    SparesLead {
        en: "Can’t play? Ask for a spare here: members who can spare are told by email, and the first to accept plays. Addresses are shared only between you and your spare.",
        fr: "Vous ne pouvez pas jouer? Demandez un remplaçant ici : les membres disponibles sont avertis par courriel, et le premier qui accepte joue. Les adresses ne sont échangées qu’entre vous et votre remplaçant.",
    }
    SparesBoardTitle { en: "Requests", fr: "Demandes" }
    SparesNone { en: "No open requests right now.", fr: "Aucune demande ouverte pour le moment." }
    SparePrivateBadge { en: "private", fr: "privée" }
    SpareStatusOpen { en: "open", fr: "ouverte" }
    SpareStatusFilled { en: "filled", fr: "comblée" }
    SpareStatusCancelled { en: "cancelled", fr: "annulée" }
    SpareStatusExpired { en: "expired", fr: "expirée" }
    SpareYourRequest { en: "Your request: members who can spare are being told.", fr: "Votre demande : les membres disponibles sont avertis." }
    SpareFilledBy { en: "Your spare:", fr: "Votre remplaçant :" }
    SpareYouSpare { en: "You are the spare for this game.", fr: "Vous êtes le remplaçant pour cette partie." }
    SpareRequestedBy { en: "Asked by", fr: "Demandé par" }
    SpareAskedBy { en: "Asked by {name}", fr: "Demandé par {name}" }
    SpareNotForYou { en: "Not one you can take (your positions, or you play in that draw).", fr: "Vous ne pouvez pas la prendre (vos positions, ou vous jouez à ce tirage)." }
    SpareTaken { en: "A spare has taken this one.", fr: "Un remplaçant l’a prise." }
    SpareAccept { en: "I’ll spare", fr: "Je remplace" }
    SpareAccepted { en: "The game is yours. Your requester has been told, with your address.", fr: "La partie est à vous. Le demandeur a été averti, avec votre adresse." }
    SpareWithdraw { en: "Withdraw", fr: "Me retirer" }
    SpareWithdrawComment { en: "Why you can no longer play", fr: "Pourquoi vous ne pouvez plus jouer" }
    SpareWithdrawnNotice { en: "You withdrew. The request is open again and the others are being told.", fr: "Vous vous êtes retiré. La demande est de nouveau ouverte et les autres sont avertis." }
    SpareCancel { en: "Cancel the request", fr: "Annuler la demande" }
    SpareCancelledNotice { en: "The request is cancelled.", fr: "La demande est annulée." }
    SpareAskTitle { en: "Ask for a spare", fr: "Demander un remplaçant" }
    SpareNoTeam {
        en: "You are not linked to a team of this event, so you cannot ask for a spare here. Your organiser links members to teams on each team’s page.",
        fr: "Vous n’êtes lié à aucune équipe de cette compétition : vous ne pouvez pas demander de remplaçant ici. L’organisateur lie les membres aux équipes depuis la page de chaque équipe.",
    }
    SpareNoGames { en: "Your team has no games to come.", fr: "Votre équipe n’a aucune partie à venir." }
    SpareGame { en: "Game", fr: "Partie" }
    SparePosition { en: "Position", fr: "Position" }
    SpareMessage { en: "Message (optional)", fr: "Message (facultatif)" }
    SpareKind { en: "Who is asked", fr: "Qui est sollicité" }
    SpareKindPublic { en: "Everyone who can spare in this event", fr: "Tous ceux qui peuvent remplacer dans cette compétition" }
    SpareKindPrivate { en: "Only the members I choose", fr: "Seulement les membres que je choisis" }
    SpareInvitees { en: "Members to ask (for a private request)", fr: "Membres à solliciter (demande privée)" }
    SpareAllowDuplicate { en: "Ask again for this game anyway", fr: "Demander quand même de nouveau pour cette partie" }
    SpareAskButton { en: "Ask for a spare", fr: "Demander un remplaçant" }
    SpareAsked { en: "Your request is posted; members who can spare are being told.", fr: "Votre demande est publiée; les membres disponibles sont avertis." }
    SparePositionsRequired { en: "Tick at least one position you can play.", fr: "Cochez au moins une position que vous pouvez jouer." }
    SpareGameStarted { en: "That game has started or is no longer scheduled.", fr: "Cette partie a commencé ou n’est plus prévue." }
    SpareNotOnTeam { en: "Only a member of one of the game’s teams can ask for a spare for it.", fr: "Seul un membre d’une des équipes de la partie peut y demander un remplaçant." }
    SpareInviteesRequired { en: "Choose at least one member for a private request.", fr: "Choisissez au moins un membre pour une demande privée." }
    SpareTeamLimit { en: "Your team already has as many spares for this game as a team may field (no more spares than regular players).", fr: "Votre équipe a déjà autant de remplaçants pour cette partie qu’une équipe peut en aligner (pas plus de remplaçants que de joueurs réguliers)." }
    SpareDuplicate { en: "You already asked for a spare for this game.", fr: "Vous avez déjà demandé un remplaçant pour cette partie." }
    SpareAlreadyFilled { en: "Someone else took this spare first: it is filled.", fr: "Quelqu’un d’autre a pris ce remplacement en premier : il est comblé." }
    SpareCancelledAlready { en: "This request was cancelled.", fr: "Cette demande a été annulée." }
    SpareCannotFill { en: "You cannot take this one: your positions do not fit, or you play in that draw.", fr: "Vous ne pouvez pas la prendre : vos positions ne conviennent pas, ou vous jouez à ce tirage." }
    SpareNotYours { en: "Only the member who asked (or the spare, to withdraw) can do that.", fr: "Seul le membre qui a demandé (ou le remplaçant, pour se retirer) peut faire cela." }
    AvailabilityTitle { en: "Your availability", fr: "Votre disponibilité" }
    AvailabilityLead { en: "Say once for this event whether you can spare and where you play; you are told about requests that fit.", fr: "Dites une fois pour cette compétition si vous pouvez remplacer et à quelle position; vous êtes averti des demandes qui vous conviennent." }
    AvailabilityActive { en: "I can spare in this event", fr: "Je peux remplacer dans cette compétition" }
    AvailabilityPositions { en: "Positions I play", fr: "Positions que je joue" }
    AvailabilityMaxUp { en: "Positions above those", fr: "Positions plus haut" }
    SpareMaxUp0 { en: "Only the positions I ticked", fr: "Seulement les positions cochées" }
    SpareMaxUp1 { en: "…or one position higher", fr: "…ou une position plus haut" }
    SpareMaxUp2 { en: "…or two positions higher", fr: "…ou deux positions plus haut" }
    SpareMaxUp3 { en: "…or any higher position", fr: "…ou toute position plus haute" }
    AvailabilityNotes { en: "Notes for the organisers (optional)", fr: "Notes pour les organisateurs (facultatif)" }
    AvailabilitySaved { en: "Your availability is saved.", fr: "Votre disponibilité est enregistrée." }
    Versus { en: "vs", fr: "contre" }
    MyGamesTitle { en: "My games", fr: "Mes parties" }
    BookingTitle { en: "Book a court or sheet", fr: "Réserver un terrain ou une piste" }
    CourtsDay { en: "Day", fr: "Jour" }
    CourtsShow { en: "Show", fr: "Afficher" }
    CourtsMine { en: "My bookings", fr: "Mes réservations" }
    CourtsMineNone { en: "You have no bookings to come.", fr: "Vous n’avez aucune réservation à venir." }
    CourtsOff { en: "Court booking is not set up at this club yet.", fr: "La réservation des terrains n’est pas encore configurée dans ce club." }
    CourtsClosed { en: "The club is closed that day.", fr: "Le club est fermé ce jour-là." }
    CourtsNoCourts { en: "The club has no courts or sheets yet.", fr: "Le club n’a encore aucun terrain ni piste." }
    CourtsOpensAt { en: "Booking for this day opens {when}:", fr: "Les réservations pour ce jour ouvrent le {when} :" }
    CourtsOpenNow { en: "Booking for this day is open.", fr: "Les réservations pour ce jour sont ouvertes." }
    CourtsTime { en: "Time", fr: "Heure" }
    CourtsYours { en: "Yours", fr: "À vous" }
    CourtsTaken { en: "Booked", fr: "Réservé" }
    CourtsHeld { en: "League game", fr: "Partie de ligue" }
    CourtBook { en: "Book", fr: "Réserver" }
    CourtBookFor { en: "Book for a member", fr: "Réserver pour un membre" }
    CourtsCourt { en: "Court or sheet", fr: "Terrain ou piste" }
    CourtBookLabel { en: "Book {court} at {time}", fr: "Réserver {court} à {time}" }
    CourtBooked { en: "Booked: {when}. It is in My bookings below.", fr: "Réservé : {when}. C’est dans Mes réservations ci-dessous." }
    CourtCancel { en: "Cancel the booking", fr: "Annuler la réservation" }
    CourtCancelled { en: "The booking is cancelled; the slot is free again.", fr: "La réservation est annulée; la plage est de nouveau libre." }
    CourtNotASlot { en: "That is not one of the day’s slots (outside the opening hours, or the rules changed).", fr: "Ce n’est pas une plage de la journée (hors des heures d’ouverture, ou les règles ont changé)." }
    CourtSlotPast { en: "That slot has already started.", fr: "Cette plage est déjà commencée." }
    CourtNotYetOpen { en: "Booking for that day is not open yet.", fr: "Les réservations pour ce jour ne sont pas encore ouvertes." }
    CourtBlocked { en: "A league game holds that court then.", fr: "Une partie de ligue occupe ce terrain à cette heure." }
    CourtTaken { en: "Someone just booked that slot. Here is what is still free.", fr: "Quelqu’un vient de réserver cette plage. Voici ce qui est encore libre." }
    CourtTooManyActive { en: "You already hold as many bookings as the club allows at once.", fr: "Vous avez déjà autant de réservations que le club en permet à la fois." }
    CourtTooManyToday { en: "You already hold as many bookings that day as the club allows.", fr: "Vous avez déjà autant de réservations ce jour-là que le club en permet." }
    CourtCancelTooLate { en: "It is too late to cancel this booking (the club’s cut-off has passed).", fr: "Il est trop tard pour annuler cette réservation (le délai du club est passé)." }
    CourtDateInvalid { en: "That is not a date (use YYYY-MM-DD).", fr: "Ce n’est pas une date (AAAA-MM-JJ)." }
    CourtRulesTitle { en: "Booking rules", fr: "Règles de réservation" }
    CourtRulesLead { en: "When members may book, for how long and how much; times are on the club’s clock.", fr: "Quand les membres peuvent réserver, pour combien de temps et combien; les heures sont celles du club." }
    CourtSlotLength { en: "Slot length", fr: "Durée d’une plage" }
    CourtMinutes { en: "{minutes} minutes", fr: "{minutes} minutes" }
    CourtDaysAhead { en: "Days ahead a day’s slots open", fr: "Jours d’avance où les plages d’un jour ouvrent" }
    CourtOpensAt { en: "At what time they open", fr: "À quelle heure elles ouvrent" }
    CourtMaxActive { en: "Most bookings a member holds at once", fr: "Nombre maximal de réservations à la fois par membre" }
    CourtMaxPerDay { en: "Most bookings a member holds on one day", fr: "Nombre maximal de réservations par jour par membre" }
    CourtCancelMinutes { en: "Cancelling closes this many minutes before", fr: "L’annulation ferme tant de minutes avant" }
    CourtHours { en: "Opening hours", fr: "Heures d’ouverture" }
    CourtHoursHint { en: "Leave a day blank when the club is closed.", fr: "Laissez un jour vide quand le club est fermé." }
    CourtHoursOpens { en: "opens", fr: "ouvre" }
    CourtHoursCloses { en: "closes", fr: "ferme" }
    CourtHoursInvalid { en: "Each open day needs an opening time before its closing time (HH:MM).", fr: "Chaque jour ouvert demande une heure d’ouverture avant sa fermeture (HH:MM)." }
    CourtTimeInvalid { en: "Enter a time of day (HH:MM).", fr: "Entrez une heure (HH:MM)." }
    CourtNumberNeeded { en: "Enter a whole number.", fr: "Entrez un nombre entier." }
    CourtDaysAheadRange { en: "From 0 to 60 days.", fr: "De 0 à 60 jours." }
    CourtLimitRange { en: "Out of range (at least 1).", fr: "Hors limites (au moins 1)." }
    CourtCancelRange { en: "From 0 to 10080 minutes (a week).", fr: "De 0 à 10080 minutes (une semaine)." }
    JobsQueueActions { en: "Actions", fr: "Actions" }
    ErrorSummary { en: "Nothing was saved. Please correct:", fr: "Rien n’a été enregistré. Veuillez corriger :" }
    InvitationUsed { en: "This invitation has already been used. Ask the club for a new one if you still need to join.", fr: "Cette invitation a déjà servi. Demandez-en une nouvelle au club si vous devez encore le rejoindre." }
    InvitationExpired { en: "This invitation is no longer valid: it expired or was withdrawn. Ask the club for a new one.", fr: "Cette invitation n’est plus valide : elle a expiré ou a été retirée. Demandez-en une nouvelle au club." }
    InvitationsPending { en: "Invitations waiting to be used", fr: "Invitations en attente" }
    InvitationsPendingNone { en: "None: every invitation was used or has expired.", fr: "Aucune : chaque invitation a servi ou a expiré." }
    InvitationLinkOnly { en: "link to hand over", fr: "lien à transmettre" }
    InvitationExpires { en: "expires {when}", fr: "expire le {when}" }
    InvitationRevoke { en: "Withdraw", fr: "Retirer" }
    InvitationRevoked { en: "The invitation is withdrawn: its link no longer works.", fr: "L’invitation est retirée : son lien ne fonctionne plus." }
    CopyLink { en: "Copy the link", fr: "Copier le lien" }
    CopiedLink { en: "Copied", fr: "Copié" }
    MailStatusSent { en: "sent", fr: "envoyé" }
    MailStatusMailbox { en: "in the mailbox (no SMTP)", fr: "dans la boîte (sans SMTP)" }
    MailStatusSuppressed { en: "not sent: address suppressed", fr: "non envoyé : adresse bloquée" }
    MailStatusUnconfirmed { en: "not sent: address not confirmed", fr: "non envoyé : adresse non confirmée" }
    MemberCalendarTitle { en: "Your games in your calendar", fr: "Vos parties dans votre agenda" }
    MemberCalendarLead {
        en: "One private address with every game of your teams and the games you spare, in every club you belong to — for Google, Apple or Outlook calendars. Keep it to yourself: anyone with it sees your games.",
        fr: "Une adresse privée avec toutes les parties de vos équipes et celles où vous remplacez, dans tous vos clubs — pour Google, Apple ou Outlook. Gardez-la pour vous : quiconque l’a voit vos parties.",
    }
    MemberCalendarNew { en: "Your calendar address — copy it now, it is shown only this once:", fr: "L’adresse de votre agenda — copiez-la maintenant, elle n’est montrée que cette fois :" }
    MemberCalendarSubscribe { en: "Subscribe (Apple, Outlook)", fr: "S’abonner (Apple, Outlook)" }
    MemberCalendarHas { en: "You have a calendar address, made on {when}. Replacing it stops the old one at once.", fr: "Vous avez une adresse d’agenda, créée le {when}. La remplacer arrête aussitôt l’ancienne." }
    MemberCalendarCreate { en: "Make my calendar address", fr: "Créer l’adresse de mon agenda" }
    MemberCalendarRotate { en: "Replace my calendar address", fr: "Remplacer l’adresse de mon agenda" }
    MyGamesSpare { en: "spare", fr: "remplaçant" }
    TeamMembersTitle { en: "Club members on this team", fr: "Membres du club dans cette équipe" }
    TeamMembersLead { en: "Linked members can ask for spares for the team’s games and get them in their calendar.", fr: "Les membres liés peuvent demander des remplaçants pour les parties de l’équipe et les recevoir dans leur calendrier." }
    TeamMembersNone { en: "No club member is linked to this team yet.", fr: "Aucun membre du club n’est encore lié à cette équipe." }
    TeamMemberAccount { en: "Member", fr: "Membre" }
    TeamMemberAdd { en: "Link to the team", fr: "Lier à l’équipe" }
    TeamMemberAdded { en: "The member is linked to the team.", fr: "Le membre est lié à l’équipe." }
    TeamMemberRemoved { en: "The member is no longer linked to the team.", fr: "Le membre n’est plus lié à l’équipe." }
    TeamMemberElsewhere { en: "This member is already on a team of this event.", fr: "Ce membre est déjà dans une équipe de cette compétition." }
    MailSpareWantedSubject { en: "Spare wanted: {team}, {when}", fr: "Remplaçant demandé : {team}, {when}" }
    MailSpareWantedBody {
        en: "{team} needs a {position} for {event} at {club} on {when} (sheet {sheet}). The first to accept plays: open the spares page to take it.",
        fr: "{team} cherche un remplaçant ({position}) pour {event} au {club} le {when} (piste {sheet}). Le premier qui accepte joue : ouvrez la page des remplaçants pour la prendre.",
    }
    MailSpareFilledSubject { en: "Spare found for {when}", fr: "Remplaçant trouvé pour le {when}" }
    MailSpareFilledBody {
        en: "{spare} will spare for {team} in {event} at {club} on {when} (sheet {sheet}).",
        fr: "{spare} remplacera pour {team} dans {event} au {club} le {when} (piste {sheet}).",
    }
    MailSpareConfirmedSubject { en: "You are sparing on {when}", fr: "Vous remplacez le {when}" }
    MailSpareConfirmedBody {
        en: "You are the spare for {team} in {event} at {club} on {when} (sheet {sheet}). Asked by {requester}. The game is in your calendar feed.",
        fr: "Vous remplacez pour {team} dans {event} au {club} le {when} (piste {sheet}). Demandé par {requester}. La partie est dans votre calendrier.",
    }
    MailSpareWithdrawnSubject { en: "Your spare for {when} withdrew", fr: "Votre remplaçant du {when} s’est retiré" }
    MailSpareWithdrawnBody {
        en: "{spare} can no longer spare for {team} in {event} at {club} on {when}: “{comment}”. Your request is open again and the others are being told.",
        fr: "{spare} ne peut plus remplacer pour {team} dans {event} au {club} le {when} : « {comment} ». Votre demande est de nouveau ouverte et les autres sont avertis.",
    }
    MailSpareCancelledSubject { en: "No spare needed on {when}", fr: "Plus besoin de remplaçant le {when}" }
    MailSpareCancelledBody {
        en: "The request for a spare for {team} in {event} at {club} on {when} was cancelled: you are not needed. Thank you!",
        fr: "La demande de remplaçant pour {team} dans {event} au {club} le {when} a été annulée : on n’a plus besoin de vous. Merci!",
    }
    OpenPlayTitle { en: "Open play", fr: "Jeu libre" }
    OpenPlayLead { en: "Weekly sessions on the club's courts: sign up for a day, check in at the desk and the paddle queue sends you on court.", fr: "Des séances chaque semaine sur les terrains du club : inscrivez-vous pour un jour, présentez-vous à l’accueil et la file vous envoie sur un terrain." }
    OpenPlayNone { en: "No open-play sessions yet.", fr: "Aucune séance de jeu libre pour l’instant." }
    OpenPlayNew { en: "New session", fr: "Nouvelle séance" }
    OpenPlayEdit { en: "Edit the session", fr: "Modifier la séance" }
    OpenPlayCreated { en: "The session is added.", fr: "La séance est ajoutée." }
    OpenPlayArchive { en: "End this session for good", fr: "Mettre fin à cette séance" }
    OpenPlayArchived { en: "The session is ended; its sign-ups are kept.", fr: "La séance est terminée; ses inscriptions sont conservées." }
    OpenPlayName { en: "Name", fr: "Nom" }
    OpenPlayWeekday { en: "Day of the week", fr: "Jour de la semaine" }
    OpenPlayStarts { en: "Starts", fr: "Début" }
    OpenPlayEnds { en: "Ends", fr: "Fin" }
    OpenPlayLevel { en: "Level (optional, e.g. 3.0–3.5)", fr: "Niveau (facultatif, p. ex. 3.0–3.5)" }
    OpenPlayCapacityLabel { en: "Players", fr: "Joueurs" }
    OpenPlayFormat { en: "Games", fr: "Parties" }
    OpenPlayDoubles { en: "Doubles (four a court)", fr: "Double (quatre par terrain)" }
    OpenPlaySingles { en: "Singles (two a court)", fr: "Simple (deux par terrain)" }
    OpenPlayRotation { en: "When a game ends", fr: "À la fin d’une partie" }
    OpenPlayWinnersStay { en: "Winners stay (split up, at most two in a row)", fr: "Les gagnants restent (séparés, deux fois de suite au plus)" }
    OpenPlayAllOff { en: "Everyone off", fr: "Tout le monde sort" }
    OpenPlayFourOff { en: "Four on, four off (winners stay when fewer wait)", fr: "Quatre entrent, quatre sortent (les gagnants restent si moins attendent)" }
    OpenPlayCourtsLabel { en: "Courts", fr: "Terrains" }
    OpenPlayTimes { en: "The session must end after it starts (HH:MM).", fr: "La séance doit finir après son début (HH:MM)." }
    OpenPlayCapacity { en: "From 2 to 200 players.", fr: "De 2 à 200 joueurs." }
    OpenPlayCourts { en: "Choose at least one of the club's courts.", fr: "Choisissez au moins un terrain du club." }
    OpenPlayOver { en: "That session is over.", fr: "Cette séance est terminée." }
    OpenPlayTooFar { en: "Sign-up opens four weeks before.", fr: "Les inscriptions ouvrent quatre semaines avant." }
    OpenPlayNotSignedUp { en: "You are not signed up for that day.", fr: "Vous n’êtes pas inscrit pour ce jour." }
    OpenPlayNotPlaying { en: "That player has no place that day (not signed up, or still in line).", fr: "Ce joueur n’a pas de place ce jour-là (pas inscrit, ou encore en attente)." }
    OpenPlayNotCheckedIn { en: "That player has not checked in.", fr: "Ce joueur ne s’est pas présenté." }
    OpenPlayNotOnFloor { en: "That player is not on a court or in the queue.", fr: "Ce joueur n’est ni sur un terrain ni dans la file." }
    OpenPlayNoGame { en: "No game is on there (it already ended, or the court waits for players).", fr: "Aucune partie n’est en cours là (elle est finie, ou le terrain attend des joueurs)." }
    OpenPlayStale { en: "The desk changed while you looked (another screen moved players). Here it is now; tap again if still needed.", fr: "L’accueil a changé pendant que vous regardiez (un autre écran a déplacé des joueurs). Le voici; touchez de nouveau s’il le faut." }
    OpenPlaySignUp { en: "Sign up", fr: "M’inscrire" }
    OpenPlayJoinLine { en: "Join the waitlist", fr: "Rejoindre la liste d’attente" }
    OpenPlayCancel { en: "Cancel my sign-up", fr: "Annuler mon inscription" }
    OpenPlayIn { en: "You are in.", fr: "Vous avez une place." }
    OpenPlayInLine { en: "You are number {n} on the waitlist.", fr: "Vous êtes numéro {n} sur la liste d’attente." }
    OpenPlayCancelled { en: "Your sign-up is cancelled.", fr: "Votre inscription est annulée." }
    OpenPlaySpots { en: "{taken} of {capacity} players", fr: "{taken} joueurs sur {capacity}" }
    OpenPlayWaitingCount { en: "{n} waiting", fr: "{n} en attente" }
    OpenPlayPlayers { en: "Players", fr: "Joueurs" }
    OpenPlayWaitlist { en: "Waitlist", fr: "Liste d’attente" }
    OpenPlayNobody { en: "Nobody yet.", fr: "Personne pour l’instant." }
    OpenPlayDesk { en: "Desk", fr: "Accueil" }
    OpenPlayBoard { en: "Court board (TV)", fr: "Tableau des terrains (télé)" }
    OpenPlayCheckIn { en: "Check in", fr: "Présent" }
    OpenPlayCheckedIn { en: "checked in", fr: "présent" }
    OpenPlayLeave { en: "Off the floor", fr: "Sortir" }
    OpenPlayRejoin { en: "Back in the queue", fr: "Retour dans la file" }
    OpenPlayWon { en: "{side} won", fr: "{side} a gagné" }
    OpenPlaySideA { en: "Side A", fr: "Côté A" }
    OpenPlaySideB { en: "Side B", fr: "Côté B" }
    OpenPlayQueue { en: "Queue", fr: "File" }
    OpenPlayNextUp { en: "Next up", fr: "Au suivant" }
    OpenPlayWaitingForPlayers { en: "Waiting for players", fr: "En attente de joueurs" }
    OpenPlayQueueEmpty { en: "Nobody is waiting.", fr: "Personne n’attend." }
    OpenPlayArrivals { en: "Arrivals", fr: "Arrivées" }
    OpenPlayResting { en: "Checked in, off the floor", fr: "Présents, hors du jeu" }
    OpenPlayHeld { en: "Open play", fr: "Jeu libre" }
    OpenPlayDay { en: "Day", fr: "Jour" }
    MailOpenPlayInSubject { en: "You have a place: {session}, {when}", fr: "Vous avez une place : {session}, {when}" }
    MailOpenPlayInBody { en: "A place freed up in {session} at {club} on {when}, and it is yours. If you cannot come, cancel on the session's page so the next in line gets it.", fr: "Une place s’est libérée dans {session} au {club} le {when}, et elle est à vous. Si vous ne pouvez pas venir, annulez sur la page de la séance pour que la suivante l’obtienne." }
    CourtOpenPlay { en: "Open play holds that court then.", fr: "Le jeu libre occupe ce terrain à cette heure." }
    CourtClosedThen { en: "That court is closed then.", fr: "Ce terrain est fermé à cette heure." }
    CourtBlockMaintenance { en: "Maintenance", fr: "Entretien" }
    CourtBlockLesson { en: "Lesson", fr: "Cours" }
    CourtBlockEvent { en: "Event", fr: "Événement" }
    CourtBlockTimes { en: "The closing must end after it starts.", fr: "La fermeture doit finir après son début." }
    CourtBlockOverBookings { en: "Members have booked in that time. Cancel those bookings first (each member sees it in their bookings), then close the court.", fr: "Des membres ont réservé pendant ce temps. Annulez d’abord ces réservations (chaque membre le voit dans ses réservations), puis fermez le terrain." }
    CourtBlocksTitle { en: "Closed courts", fr: "Terrains fermés" }
    CourtBlockAdd { en: "Close a court", fr: "Fermer un terrain" }
    CourtBlockAdded { en: "The court is closed for that time.", fr: "Le terrain est fermé pour ce temps." }
    CourtBlockRemove { en: "Open again", fr: "Rouvrir" }
    CourtBlockRemoved { en: "The court is open again.", fr: "Le terrain est de nouveau ouvert." }
    CourtBlockReason { en: "Why", fr: "Pourquoi" }
    CourtBlockNote { en: "Note (optional)", fr: "Note (facultatif)" }
    CourtBlockAllCourts { en: "Every court", fr: "Tous les terrains" }
    CourtBlockFrom { en: "From", fr: "De" }
    CourtBlockTo { en: "To", fr: "À" }
    CourtOfferMinutes { en: "Minutes a freed slot is held for the next on its waitlist", fr: "Minutes pendant lesquelles une plage libérée est réservée au suivant de la liste d’attente" }
    CourtOfferHint { en: "Then it passes to the one after. From 5 to 1440.", fr: "Ensuite, elle passe au suivant. De 5 à 1440." }
    CourtOfferRange { en: "From 5 to 1440 minutes.", fr: "De 5 à 1440 minutes." }
    CourtOffered { en: "That slot is offered to the next member on its waitlist for now.", fr: "Cette plage est pour l’instant offerte au membre suivant de sa liste d’attente." }
    CourtWaitFree { en: "That slot is free: book it instead.", fr: "Cette plage est libre : réservez-la plutôt." }
    CourtWaitOwn { en: "That slot is already yours.", fr: "Cette plage est déjà à vous." }
    CourtWaitJoin { en: "Join the waitlist", fr: "Liste d’attente" }
    CourtWaitJoinLabel { en: "Join the waitlist for {court} at {time}", fr: "Rejoindre la liste d’attente pour {court} à {time}" }
    CourtWaitJoined { en: "You are on the waitlist. If the slot is freed, it is offered to you by email in turn.", fr: "Vous êtes sur la liste d’attente. Si la plage se libère, elle vous est offerte par courriel à votre tour." }
    CourtWaitPlace { en: "Waitlist: you are number {n}", fr: "Liste d’attente : vous êtes numéro {n}" }
    CourtWaitOffer { en: "Offered to you until {time}", fr: "Offerte à vous jusqu’à {time}" }
    CourtWaitLeave { en: "Leave the waitlist", fr: "Quitter la liste" }
    CourtWaitLeft { en: "You are off the waitlist.", fr: "Vous n’êtes plus sur la liste d’attente." }
    CourtWaitNotOn { en: "You are not on that slot’s waitlist.", fr: "Vous n’êtes pas sur la liste d’attente de cette plage." }
    MailCourtOfferSubject { en: "A court is free for you: {court}, {when}", fr: "Un terrain est libre pour vous : {court}, {when}" }
    MailCourtOfferBody { en: "{court} at {club} on {when} was freed and you are next on its waitlist. It is held for you until {until}; book it on the day’s page before then, or it passes to the next in line.", fr: "{court} au {club} le {when} s’est libéré et vous êtes le suivant sur sa liste d’attente. Il vous est réservé jusqu’à {until}; réservez-le sur la page du jour d’ici là, sinon il passe au suivant." }
    CourtsOffered { en: "Held for the waitlist", fr: "Réservée à la liste d’attente" }
    CourtGuestFeeRange { en: "From $0 to $1,000 per guest.", fr: "De 0 $ à 1 000 $ par invité." }
    CourtTooManyPlayers { en: "More players than the club allows on one booking.", fr: "Plus de joueurs que le club n’en permet par réservation." }
    CourtPartnerTwice { en: "Each partner once, and not the member who booked.", fr: "Chaque partenaire une fois, et pas le membre qui a réservé." }
    CourtGuestName { en: "Each guest needs a name (at most 60 characters).", fr: "Chaque invité a besoin d’un nom (60 caractères au plus)." }
    CourtNothingToPay { en: "This booking has no guest fee.", fr: "Cette réservation n’a pas de frais d’invité." }
    CourtMaxPlayers { en: "Most players on one booking", fr: "Nombre maximal de joueurs par réservation" }
    CourtGuestFee { en: "Fee per guest, before tax", fr: "Frais par invité, avant taxes" }
    CourtGuestFeeHint { en: "Guests are people from outside the club a member brings; 0 for free.", fr: "Les invités sont des personnes extérieures au club qu’un membre amène; 0 pour gratuit." }
    CourtBookingTitle { en: "Booking", fr: "Réservation" }
    CourtPlayers { en: "Who plays", fr: "Qui joue" }
    CourtPlayersHint { en: "Partners from the club, or guests by name. The guest fee is fixed when you save.", fr: "Des partenaires du club, ou des invités par leur nom. Les frais d’invité sont fixés à l’enregistrement." }
    CourtPartner { en: "Partner {n}", fr: "Partenaire {n}" }
    CourtGuest { en: "Guest {n}", fr: "Invité {n}" }
    CourtPlayersSaved { en: "The players are saved.", fr: "Les joueurs sont enregistrés." }
    CourtNoPartner { en: "— nobody —", fr: "— personne —" }
    CourtBookedBy { en: "Booked by {name}", fr: "Réservé par {name}" }
    CourtPaymentUnpaid { en: "Guest fee not paid yet", fr: "Frais d’invité non payés" }
    CourtPaymentPaid { en: "Guest fee paid", fr: "Frais d’invité payés" }
    CourtMarkPaid { en: "Mark as paid", fr: "Marquer payé" }
    CourtMarkUnpaid { en: "Mark as not paid", fr: "Marquer non payé" }
    CourtPaymentSaved { en: "The payment is recorded.", fr: "Le paiement est enregistré." }
    CourtDetails { en: "Details", fr: "Détails" }
    CourtWhen { en: "When", fr: "Quand" }
    CourtGuestWord { en: "guest", fr: "invité" }
    OpenPlayOverBookings { en: "Members have booked those courts at those times. Cancel those bookings first, then hold the courts for open play.", fr: "Des membres ont réservé ces terrains à ces heures. Annulez d’abord ces réservations, puis réservez les terrains au jeu libre." }
    OpenPlayHasSignUps { en: "Members are signed up for days to come: the day and times cannot move (make a new session, or change them after those days).", fr: "Des membres sont inscrits pour des jours à venir : le jour et les heures ne peuvent pas changer (créez une nouvelle séance, ou changez-les après ces jours)." }
    OpenPlayTakeOffTitle { en: "Take a player off", fr: "Sortir un joueur" }
    OpenPlayTakeOff { en: "{name} off", fr: "{name} sort" }
    OpenPlayWalkIn { en: "Walk-in", fr: "Sans inscription" }
    OpenPlayWalkInAdd { en: "Check in without a sign-up", fr: "Accueillir sans inscription" }
    OpenPlayAlreadySignedUp { en: "That member is already signed up for the day.", fr: "Ce membre est déjà inscrit pour ce jour." }
    OpenPlayFull { en: "The session is full that day.", fr: "La séance est complète ce jour-là." }
    // API keys
    ApiKeysTitle { en: "API keys", fr: "Clés d’API" }
    ApiKeysLead {
        en: "Keys let your website, a chat bot or another system read the club’s events and enter scores through the JSON API. A key acts as you: it stops working if you are no longer an owner or admin.",
        fr: "Les clés permettent à votre site, à un robot de clavardage ou à un autre système de lire les compétitions du club et d’entrer des pointages par l’API JSON. Une clé agit en votre nom : elle cesse de fonctionner si vous n’êtes plus propriétaire ou administrateur.",
    }
    ApiDocsLink { en: "Read the API reference.", fr: "Lire la référence de l’API." }
    ApiKeyShownOnce { en: "Your new key — copy it now, it is shown only this once:", fr: "Votre nouvelle clé — copiez-la maintenant, elle n’est montrée que cette fois :" }
    ApiKeyNew { en: "Make a key", fr: "Créer une clé" }
    ApiKeyCreate { en: "Make the key", fr: "Créer la clé" }
    ApiKeyName { en: "Name", fr: "Nom" }
    ApiKeyNameHint { en: "Where it is used, e.g. “Club website”.", fr: "Où elle sert, p. ex. « Site du club »." }
    ApiKeyScopes { en: "What it may do", fr: "Ce qu’elle peut faire" }
    ApiScopeRead { en: "read everything members see (members-only events)", fr: "lire tout ce que voient les membres (compétitions réservées aux membres)" }
    ApiScopeScore { en: "keep score", fr: "tenir le pointage" }
    ApiScopeManage { en: "set up seasons: events, teams, draws, games, schedules, brackets", fr: "préparer les saisons : compétitions, équipes, tirages, parties, horaires, tableaux" }
    ApiScopeRegistrationsRead { en: "read registrations", fr: "lire les inscriptions" }
    ApiScopeRegistrationsWrite { en: "register members’ profiles", fr: "inscrire les profils des membres" }
    ApiKeyScopeUnknown { en: "Choose from the listed permissions.", fr: "Choisissez parmi les permissions proposées." }
    ApiKeyScopesRequired { en: "Choose at least one permission.", fr: "Choisissez au moins une permission." }
    ApiKeyExpires { en: "Expires after", fr: "Expire après le" }
    ApiKeyExpiresHint { en: "Blank: until revoked.", fr: "Vide : jusqu’à sa révocation." }
    ApiKeyExpiryPast { en: "Choose a day after today.", fr: "Choisissez un jour après aujourd’hui." }
    ApiKeysList { en: "The club’s keys", fr: "Les clés du club" }
    ApiKeysNone { en: "No key yet.", fr: "Aucune clé pour l’instant." }
    ApiKeyMadeBy { en: "made by {who} on {when}", fr: "créée par {who} le {when}" }
    ApiKeyLastUsed { en: "last used {when}", fr: "dernière utilisation {when}" }
    ApiKeyNeverUsed { en: "never used", fr: "jamais utilisée" }
    ApiKeyExpiresOn { en: "expires {when}", fr: "expire le {when}" }
    ApiKeyRevokedOn { en: "revoked {when}", fr: "révoquée le {when}" }
    ApiKeyRevokedBadge { en: "revoked", fr: "révoquée" }
    ApiKeyExpiredBadge { en: "expired", fr: "expirée" }
    ApiKeyRevoke { en: "Revoke", fr: "Révoquer" }
    ApiKeyRevoked { en: "The key is revoked: it no longer works.", fr: "La clé est révoquée : elle ne fonctionne plus." }
    ApiUsageTitle { en: "Use over the last 14 days", fr: "Utilisation des 14 derniers jours" }
    ApiUsageNone { en: "No request yet.", fr: "Aucune requête pour l’instant." }
    ApiUsageDay { en: "Day (UTC)", fr: "Jour (UTC)" }
    ApiUsageRequests { en: "Requests", fr: "Requêtes" }
    ApiUsageErrors { en: "Errors", fr: "Erreurs" }
    ClubApiKeys { en: "API keys", fr: "Clés d’API" }
    ApiDocsTitle { en: "Clubhouse API", fr: "API de Clubhouse" }
    // Webhooks
    WebhooksTitle { en: "Webhooks", fr: "Webhooks" }
    WebhooksLead {
        en: "Clubhouse tells your systems when something happens — a game starts, a score changes, a registration arrives — by posting a signed JSON message (Standard Webhooks) to the addresses you give. Failed deliveries are retried for about a day.",
        fr: "Clubhouse prévient vos systèmes quand quelque chose arrive — une partie commence, un pointage change, une inscription arrive — en envoyant un message JSON signé (Standard Webhooks) aux adresses que vous donnez. Les envois manqués sont repris pendant environ une journée.",
    }
    WebhookUrl { en: "Address (URL)", fr: "Adresse (URL)" }
    WebhookUrlHint { en: "Where to post, e.g. https://example.com/hooks/clubhouse", fr: "Où envoyer, p. ex. https://example.com/hooks/clubhouse" }
    WebhookUrlInvalid { en: "Enter a full web address starting with https://", fr: "Entrez une adresse web complète commençant par https://" }
    WebhookUrlPrivate { en: "This address is inside a private network; this server does not post there.", fr: "Cette adresse est dans un réseau privé; ce serveur n’y envoie rien." }
    WebhookTypes { en: "Events to send", fr: "Événements à envoyer" }
    WebhookTypeUnknown { en: "Choose from the listed events.", fr: "Choisissez parmi les événements proposés." }
    WebhookTypesRequired { en: "Choose at least one event.", fr: "Choisissez au moins un événement." }
    WebhookEventGameStarted { en: "a game starts", fr: "une partie commence" }
    WebhookEventScoreChanged { en: "a score changes (every end or rally, correction or undo)", fr: "un pointage change (chaque manche ou échange, correction ou annulation)" }
    WebhookEventGameFinished { en: "a game ends", fr: "une partie se termine" }
    WebhookEventStandingsChanged { en: "an event’s standings change (a result made or taken back)", fr: "le classement d’une compétition change (un résultat fait ou défait)" }
    WebhookEventBracketAdvanced { en: "teams move on in a playoff bracket", fr: "des équipes avancent dans un tableau éliminatoire" }
    WebhookEventRegistrationCreated { en: "someone registers", fr: "quelqu’un s’inscrit" }
    WebhookEventRegistrationCancelled { en: "a registration is cancelled", fr: "une inscription est annulée" }
    WebhookEventRegistrationPromoted { en: "someone moves off a waitlist", fr: "quelqu’un quitte une liste d’attente" }
    WebhookEventProgramFull { en: "a program fills its last spot", fr: "un programme comble sa dernière place" }
    WebhookEventSpareRequested { en: "a spare is asked for", fr: "un remplaçant est demandé" }
    WebhookEventSpareFilled { en: "a spare takes a request", fr: "un remplaçant accepte une demande" }
    WebhookEndpoint { en: "Webhook endpoint", fr: "Destination de webhook" }
    WebhookTooMany { en: "A club has at most 20 endpoints: remove one first.", fr: "Un club a au plus 20 destinations : retirez-en une d’abord." }
    WebhookAdd { en: "Add the endpoint", fr: "Ajouter la destination" }
    WebhookNew { en: "Add an endpoint", fr: "Ajouter une destination" }
    WebhooksList { en: "Endpoints", fr: "Destinations" }
    WebhooksNone { en: "No endpoint yet.", fr: "Aucune destination pour l’instant." }
    WebhookAdded { en: "The endpoint is added. Its signing secret is on its page.", fr: "La destination est ajoutée. Son secret de signature est sur sa page." }
    WebhookSaved { en: "The endpoint is saved (and on, if it was off).", fr: "La destination est enregistrée (et active, si elle était coupée)." }
    WebhookRemoved { en: "The endpoint is removed.", fr: "La destination est retirée." }
    WebhookRemove { en: "Remove the endpoint", fr: "Retirer la destination" }
    WebhookSecret { en: "Signing secret", fr: "Secret de signature" }
    WebhookSecretHint { en: "Check each delivery’s webhook-signature with it (any Standard Webhooks library does).", fr: "Vérifiez la signature webhook-signature de chaque envoi avec lui (toute bibliothèque Standard Webhooks le fait)." }
    WebhookRotate { en: "Make a new secret", fr: "Créer un nouveau secret" }
    WebhookRotated { en: "New secret made. The old one also signs for 24 hours, so your receiver can switch over.", fr: "Nouveau secret créé. L’ancien signe aussi pendant 24 heures, le temps que votre récepteur change." }
    WebhookPreviousUntil { en: "The previous secret also signs until {when}.", fr: "L’ancien secret signe aussi jusqu’au {when}." }
    WebhookDisabledBadge { en: "off", fr: "coupée" }
    WebhookFailingBadge { en: "failing", fr: "en échec" }
    WebhookDisabledSince { en: "Turned off on {when}: {why}. Saving the endpoint turns it on again.", fr: "Coupée le {when} : {why}. Enregistrer la destination la réactive." }
    WebhookDeliveries { en: "Recent deliveries", fr: "Envois récents" }
    WebhookDeliveriesNone { en: "Nothing sent yet.", fr: "Rien d’envoyé pour l’instant." }
    WebhookAttempt { en: "attempt {n}", fr: "essai {n}" }
    WebhookManual { en: "by hand", fr: "à la main" }
    WebhookNextAttempt { en: "next attempt {when}", fr: "prochain essai {when}" }
    WebhookRedeliver { en: "Send again", fr: "Renvoyer" }
    WebhookRedelivering { en: "Sending again now.", fr: "Nouvel envoi en cours." }
    WebhookResponse { en: "Response", fr: "Réponse" }
    MailWebhookDisabledSubject { en: "A webhook of {club} was turned off", fr: "Un webhook de {club} a été coupé" }
    MailWebhookDisabledBody { en: "Clubhouse stopped posting to {url} for {club}: {why}. Fix the receiver, then save the endpoint on the club’s webhooks page to turn it on again.", fr: "Clubhouse a cessé d’envoyer à {url} pour {club} : {why}. Réparez le récepteur, puis enregistrez la destination sur la page des webhooks du club pour la réactiver." }
    ClubWebhooks { en: "Webhooks", fr: "Webhooks" }
}
